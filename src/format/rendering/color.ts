import type { ChalkInstance } from 'chalk';

/**
 * Colour for rendered output. The caller decides whether to colour (isTTY, NO_COLOR,
 * --no-color); with `color: false` every function returns its text untouched, so no
 * escape code can appear whatever the environment says.
 *
 * chalk is loaded only when colour is wanted (`await loadColor()` first): a piped
 * single call never pays for it.
 */
export interface ColorOptions {
  color: boolean;
  /** Chalk level when colouring: 1 (16 colours, the default), 2 (256), 3 (truecolor). */
  level?: 1 | 2 | 3;
}

export interface Palette {
  readonly enabled: boolean;
  /** Field names in key/value blocks. */
  key(s: string): string;
  /** Table headings. */
  head(s: string): string;
  /** retval 0 and other good news. */
  ok(s: string): string;
  /** Negative retvals and errors. */
  bad(s: string): string;
  /** Secondary text: row titles, "(none)". */
  dim(s: string): string;
}

let ChalkClass: (new (o: { level: 0 | 1 | 2 | 3 }) => ChalkInstance) | undefined;

/** Loads chalk; needed once before `createPalette({ color: true })`. */
export async function loadColor(): Promise<void> {
  ChalkClass ??= (await import('chalk')).Chalk;
}

const same = (s: string): string => s;
const PLAIN: Palette = { enabled: false, key: same, head: same, ok: same, bad: same, dim: same };

/** @throws Error when colour is asked for before `loadColor()` resolved. */
export function createPalette(opts: ColorOptions): Palette {
  if (!opts.color) return PLAIN;
  if (!ChalkClass) throw new Error('createPalette: colour requested before loadColor()');
  const chalk = new ChalkClass({ level: opts.level ?? 1 });
  return {
    enabled: true,
    key: (s) => chalk.cyan(s),
    head: (s) => chalk.bold(s),
    ok: (s) => chalk.green(s),
    bad: (s) => chalk.red(s),
    dim: (s) => chalk.dim(s),
  };
}

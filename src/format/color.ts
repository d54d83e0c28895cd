import { Chalk, type ChalkInstance } from 'chalk';

/**
 * Colour for rendered output. The caller decides whether to colour (isTTY, NO_COLOR,
 * --no-color); with `color: false` every function returns its text untouched, so no
 * escape code can appear whatever the environment says.
 */
export interface ColorOptions {
  color: boolean;
  /** Chalk level when colouring: 1 (16 colours, the default), 2 (256), 3 (truecolor). */
  level?: 1 | 2 | 3;
}

export interface Palette {
  readonly enabled: boolean;
  /** The chalk instance behind the palette (level 0 when colour is off). */
  readonly chalk: ChalkInstance;
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

export function createPalette(opts: ColorOptions): Palette {
  const chalk = new Chalk({ level: opts.color ? (opts.level ?? 1) : 0 });
  if (!opts.color) {
    const same = (s: string): string => s;
    return { enabled: false, chalk, key: same, head: same, ok: same, bad: same, dim: same };
  }
  return {
    enabled: true,
    chalk,
    key: (s) => chalk.cyan(s),
    head: (s) => chalk.bold(s),
    ok: (s) => chalk.green(s),
    bad: (s) => chalk.red(s),
    dim: (s) => chalk.dim(s),
  };
}

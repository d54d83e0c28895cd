/**
 * Where a command reads and writes. Only bin/ hands in the real process streams; tests
 * and the REPL hand in their own, so no command touches process.stdout or process.env.
 */

/** A text sink: process.stdout, a test buffer, the REPL's output. */
export interface Writer {
  write(text: string): unknown;
  /** True for a terminal: colours and width fitting apply. */
  isTTY?: boolean;
  /** Terminal width when isTTY. */
  columns?: number;
}

export interface Io {
  /** Data: replies, tables, JSON. */
  stdout: Writer;
  /** Diagnostics: errors, hints, warnings. */
  stderr: Writer;
  /** Standard input, read whole for `--args -`: a stream, or the text itself (tests). */
  stdin?: AsyncIterable<string | Uint8Array> | string;
  /** The keyboard of `vppapi repl` (a terminal's stream, for line editing); default the process's stdin. */
  input?: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  /** Fires on Ctrl-C: calls in flight are abandoned and the command exits with 130. */
  signal?: AbortSignal;
}

/** A Writer that keeps what is written (tests, capturing a command's output). */
export class BufferWriter implements Writer {
  text = '';
  constructor(
    readonly isTTY = false,
    readonly columns?: number,
  ) {}
  write(s: string): boolean {
    this.text += s;
    return true;
  }
}

/** All of standard input as text ('' when there is none). @throws the stream's own read errors. */
export async function readStdin(io: Io): Promise<string> {
  const src = io.stdin;
  if (src === undefined) return '';
  if (typeof src === 'string') return src;
  const parts: Buffer[] = [];
  for await (const chunk of src) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(parts).toString('utf8');
}

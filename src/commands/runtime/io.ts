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
  /** Where the user is: hints name commands as typed there (hint-context.ts); default the command line. */
  where?: 'cli' | 'shell';
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

/**
 * Writes gathered into one write per ~64 KB (or per `flush()`, or once the event loop has
 * run on for `delayMs`): a script's 20,000 replies written one by one cost a system call
 * each. The text is copied into one buffer as it comes, so that what waits for the write
 * is bytes, not thousands of small strings that would outlive scavenges and be copied by
 * each. `beforeOther` is for the other stream: stderr text must not overtake stdout
 * text written before it.
 */
export class BatchWriter implements Writer {
  private readonly buf: Buffer;
  private used = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly target: Writer,
    /** Bytes gathered before they are written. */
    private readonly limit = 64 * 1024,
    private readonly delayMs = 50,
  ) {
    this.buf = Buffer.allocUnsafe(limit);
  }

  get isTTY(): boolean | undefined {
    return this.target.isTTY;
  }

  get columns(): number | undefined {
    return this.target.columns;
  }

  write(s: string): boolean {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: a text that may not fit goes after what is gathered.
    if (this.used + s.length * 3 > this.limit) {
      this.flush();
      if (s.length * 3 > this.limit) {
        this.target.write(s);
        return true;
      }
    }
    this.used += this.buf.write(s, this.used);
    if (this.used >= this.limit) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.delayMs).unref();
    return true;
  }

  /** Writes out what is gathered. Throws what the target's write throws. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.used === 0) return;
    const text = this.buf.toString('utf8', 0, this.used);
    this.used = 0;
    this.target.write(text);
  }

  /** A writer for the other stream that flushes this one before each of its writes. */
  beforeOther(other: Writer): Writer {
    return {
      isTTY: other.isTTY,
      columns: other.columns,
      write: (s: string) => {
        this.flush();
        return other.write(s);
      },
    };
  }
}

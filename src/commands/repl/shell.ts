/**
 * The interactive shell: node's `repl` with its own evaluator (input is never run as
 * JavaScript), one session for every line, Tab completion from the engine, history, and
 * a connection that comes back when VPP restarts.
 *
 * | input                     | effect                                                    |
 * |---------------------------|-----------------------------------------------------------|
 * | a command line            | run as `vppapi <line>` on the open session (line-runner.ts) |
 * | Tab                       | candidates (complete/engine.ts); live interfaces for interface indexes |
 * | several keys in one chunk | each as if pressed alone, a Tab's completion before the next key (key-order.ts) |
 * | Ctrl-C while a line runs  | cancels it (and the lines typed ahead), back to the prompt |
 * | Ctrl-C at the prompt      | clears the line; twice on an empty line leaves            |
 * | `.json on|off`, `.jsonl on|off` | output mode                                         |
 * | `.help`, `help`           | the shell's help (line-runner.ts), not node's REPL help   |
 * | `.save FILE`              | the lines that succeeded and belong in a script (saved-lines.ts) |
 * | `.exit`, `exit`, Ctrl-D   | leaves: the session is disconnected                       |
 *
 * Hints are worded for the shell (`help`, `describe x`; runtime/hint-context.ts).
 *
 * Lines run one after another, in the order typed, even when typed while one runs.
 */
import { clearLine, cursorTo } from 'node:readline';
import repl, { type REPLServer } from 'node:repl';
import type { Session } from '../../client/session/session.js';
import { schemaDefs } from '../complete/defs.js';
import { type LiveInterface, complete } from '../complete/engine.js';
import { cachedInterfaces, listStatNames } from '../complete/live.js';
import { DEFAULT_TIMEOUT_MS, type GlobalOptions, defaultGlobals } from '../runtime/globals.js';
import type { Io, Writer } from '../runtime/io.js';
import { Printer, outputSettings } from '../runtime/output.js';
import { reportError } from '../runtime/report.js';
import { ReplConnection } from './connection.js';
import { HistoryFile, historyPath } from './history.js';
import { orderKeys } from './key-order.js';
import { splitLine, tokenize } from '../syntax/tokenizer.js';
import { type LineRunner, outputCommand, runShellWords, shellHelp } from './line-runner.js';
import { savable } from './saved-lines.js';
import { helpWidth } from '../runtime/help-text.js';
import { fsReason } from '../../client/fs-reason.js';
import { writeFileSync } from 'node:fs';

type Env = Readonly<Record<string, string | undefined>>;

export interface ShellOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Line editing, completion and history; default: the output is a terminal. */
  terminal?: boolean;
  session: Session;
  /** Runs each command line on the session (the dispatcher's runner.line). */
  run: LineRunner;
  env: Env;
  /** Options for every line (socket, timeout, output mode); `.json` changes them. */
  base?: Partial<GlobalOptions>;
  /** Default from the environment (history.ts); null: no history. */
  historyFile?: string | null;
  prompt?: string;
  /** Learns the definitions again after VPP came back with another message table. */
  reopen?: () => Promise<Session>;
  reconnectDelaysMs?: readonly number[];
  /** Closes the shell when it fires. */
  signal?: AbortSignal;
  /** Printed before the first prompt. */
  greeting?: string;
  /**
   * `use TARGET`: a session to another target (a name of the targets file, ssh://, a
   * path…), with its reopen and a greeting. Without it `use` says the shell cannot switch.
   * @throws what opening the target throws (reported, the shell stays where it was).
   */
  use?: (target: string) => Promise<{ session: Session; reopen?: () => Promise<Session>; greeting: string }>;
  /** The targets file's names, for completing `use`. */
  targets?: () => Promise<readonly string[]>;
}

export interface Shell {
  readonly server: REPLServer;
  readonly connection: ReplConnection;
  /** What the REPL's completer answers for `line` (the text before the cursor). */
  complete(line: string): Promise<[string[], string]>;
  /** Resolves once the shell has closed and the session is disconnected. */
  readonly closed: Promise<void>;
  close(): void;
}

/** Dot commands of node's REPL that mean nothing here (JavaScript contexts, multi-line editing; `exec FILE` runs a file). */
const DROPPED_COMMANDS = ['break', 'clear', 'editor', 'load'];

/** The output as a Writer for the printer, following the stream's terminal state and width. */
function writerFor(output: ShellOptions['output']): Writer {
  return {
    write: (s: string) => output.write(s),
    get isTTY() {
      return output.isTTY === true;
    },
    get columns() {
      return output.columns;
    },
  };
}

class ReplShell implements Shell {
  readonly server: REPLServer;
  readonly connection: ReplConnection;
  readonly closed: Promise<void>;
  private readonly env: Env;
  /** Options for every line; `.json` and `.jsonl` change them. */
  private readonly base: Partial<GlobalOptions>;
  private readonly terminal: boolean;
  private readonly out: Writer;
  private readonly live: ReturnType<typeof cachedInterfaces>;
  /** The line running now, to cancel with Ctrl-C. */
  private running: AbortController | undefined;
  /** Bumped by a cancel: queued lines of an older generation are dropped. */
  private generation = 0;
  private chain: Promise<void> = Promise.resolve();
  private sawInterrupt = false;
  /** The lines `.save` writes, in the order they ran. */
  private readonly saved: string[] = [];

  constructor(private readonly o: ShellOptions) {
    this.env = o.env;
    this.base = { ...o.base };
    this.terminal = o.terminal ?? o.output.isTTY === true;
    this.out = writerFor(o.output);
    this.connection = new ReplConnection(o.session, { notify: (t) => this.notify(t), reopen: o.reopen, delaysMs: o.reconnectDelaysMs });
    this.live = cachedInterfaces(() => this.connection.session);
    if (o.greeting) o.output.write(`${o.greeting}\n`);
    this.server = this.startServer();
    if (this.terminal) orderKeys(this.server);
    this.defineOutputCommands();
    this.defineShellCommands();
    this.handleInterrupt();
    this.keepHistory();
    this.closed = this.whenClosed();
    if (o.signal?.aborted) this.server.close();
  }

  // Properties, not methods: callers hand them around detached (shell.complete as a completer).
  readonly close = (): void => this.server.close();

  readonly complete = (line: string): Promise<[string[], string]> => this.completeLine(line);

  private printer(): Printer {
    const g = { ...defaultGlobals(this.env), ...this.base };
    return new Printer(this.out, this.out, outputSettings(g, { stdout: this.out, stderr: this.out, env: this.env, where: 'shell' }));
  }

  /** A notice from the connection: above the prompt when idle on a terminal, else as a line. */
  private notify(text: string): void {
    const o = this.o;
    if (!this.running && this.terminal && this.server) {
      clearLine(o.output, 0);
      cursorTo(o.output, 0);
      o.output.write(`${text}\n`);
      this.server.displayPrompt(true);
    } else {
      o.output.write(`${text}\n`);
    }
  }

  private startServer(): REPLServer {
    const server = repl.start({
      input: this.o.input,
      output: this.o.output,
      terminal: this.terminal,
      prompt: this.o.prompt ?? 'vppapi> ',
      ignoreUndefined: true,
      // Not JavaScript: each line is a command, run in order.
      eval: (cmd, _context, _file, done) => {
        void this.enqueue(() => this.runOne(cmd.trim())).then(() => done(null, undefined));
      },
      completer: (line: string, done: (err: Error | null, result: [string[], string]) => void) => {
        this.complete(line).then(
          (r) => done(null, r),
          () => done(null, [[], line]),
        );
      },
      historySize: 1000,
    } as repl.ReplOptions);
    for (const c of DROPPED_COMMANDS) delete (server.commands as Record<string, unknown>)[c];
    return server;
  }

  private async runOne(line: string): Promise<void> {
    let words: string[];
    try {
      words = tokenize(line);
    } catch (e) {
      reportError(e, this.printer(), this.env);
      return;
    }
    if (words.length === 0) return;
    if (words[0] === 'exit' || words[0] === 'quit') {
      this.server.close();
      return;
    }
    if (words[0] === 'use') {
      await this.use(words.slice(1));
      return;
    }
    const ac = new AbortController();
    this.running = ac;
    try {
      const session = await this.connection.ready(this.base.timeoutMs ?? DEFAULT_TIMEOUT_MS, ac.signal);
      const io: Io = { stdout: this.out, stderr: this.out, env: this.env, signal: ac.signal, stdin: '', where: 'shell' };
      const code = await runShellWords(words, session, io, this.base, this.o.run);
      if (code === 0 && !ac.signal.aborted && savable(words, session.schema)) this.saved.push(line);
    } catch (e) {
      reportError(e, this.printer(), this.env);
    } finally {
      this.running = undefined;
      this.live.invalidate();
    }
  }

  /** `use TARGET`: the shell goes on with a session to that target. */
  private async use(args: readonly string[]): Promise<void> {
    const p = this.printer();
    if (args.length !== 1) {
      p.error('use takes one target: use NAME (from the targets file), use ssh://host, use /path/to/api.sock');
      return;
    }
    if (!this.o.use) {
      p.error('this shell cannot switch targets');
      return;
    }
    try {
      const next = await this.o.use(args[0]!);
      this.connection.replace(next.session, next.reopen);
      this.live.invalidate();
      this.o.output.write(`${next.greeting}\n`);
    } catch (e) {
      reportError(e, p, this.env);
    }
  }

  /** Runs `work` after the lines entered before it (dot commands keep their place too). */
  private enqueue(work: () => void | Promise<void>): Promise<void> {
    const gen = this.generation;
    this.chain = this.chain.then(() => (gen === this.generation ? work() : undefined)).catch(() => {});
    return this.chain;
  }

  private async completeLine(line: string): Promise<[string[], string]> {
    const s = splitLine(line);
    if (s.words.length === 1 && s.words[0] === 'use') {
      const names = (await this.o.targets?.()) ?? [];
      return [names.filter((n) => n.startsWith(s.partial)), s.partial];
    }
    const commands = Object.keys(this.server.commands).map((c) => `.${c}`);
    const interfaces = (): Promise<LiveInterface[]> => this.live.list();
    const statEntries = (): Promise<string[]> => listStatNames({ ...defaultGlobals(this.env), ...this.base }.statsSocket);
    const c = await complete(schemaDefs(this.connection.session.schema), s.words, s.partial, { repl: true, commands, interfaces, statEntries });
    const raw = (v: string): string => s.partialRaw + v.slice(s.partial.length);
    if (c.candidates.length === 1) {
      const only = c.candidates[0]!;
      const end = c.noSpace || s.openQuote ? '' : ' ';
      // Case-insensitive match (`flags=ad` → `flags=ADMIN_UP`): the typed word is replaced
      // (an opening quote kept).
      const quote = s.partialRaw.slice(0, s.partialRaw.length - s.partial.length);
      if (!only.value.startsWith(s.partial) && s.partialRaw === quote + s.partial) return this.respell(s.partialRaw, quote + only.value + end);
      return [[raw(only.value) + end], s.partialRaw];
    }
    return [c.candidates.map((x) => raw(x.value) + (x.note ? ` (${x.note})` : '')), s.partialRaw];
  }

  /**
   * readline only appends what follows the typed text, so the typed word is first given
   * the candidate's spelling in the line buffer; the line is redrawn after the insert.
   */
  private respell(typed: string, candidate: string): [string[], string] {
    const rl = this.server as unknown as { line: string; cursor: number; _refreshLine?: () => void };
    const at = rl.cursor - typed.length;
    // Not from the line being edited (the completer called directly): the candidate as is.
    if (at < 0 || rl.line?.slice(at, rl.cursor) !== typed) return [[candidate], typed];
    const head = candidate.slice(0, typed.length);
    rl.line = rl.line.slice(0, at) + head + rl.line.slice(rl.cursor);
    setImmediate(() => rl._refreshLine?.());
    return [[candidate], head];
  }

  private defineOutputCommands(): void {
    const shell = this;
    for (const mode of ['json', 'jsonl'] as const) {
      this.server.defineCommand(mode, {
        help: mode === 'json' ? 'JSON output on or off (.json on, .json off)' : 'one JSON object per line, on or off (.jsonl on)',
        action(arg: string) {
          void shell.enqueue(() => {
            try {
              shell.o.output.write(`${outputCommand(mode, arg, shell.base)}\n`);
              if (arg.trim() !== '') shell.saved.push(`.${mode} ${arg.trim().toLowerCase()}`);
            } catch (e) {
              reportError(e, shell.printer(), shell.env);
            }
          }).then(() => this.displayPrompt());
        },
      });
    }
  }

  /** `.help` (ours, not node's REPL help) and `.save FILE` (saved-lines.ts), in their place among the lines. */
  private defineShellCommands(): void {
    const shell = this;
    this.server.defineCommand('help', {
      help: 'this shell\'s help (also: help, help <message>, <message> --help)',
      action() {
        void shell.enqueue(() => {
          const cols = shell.out.isTTY ? (shell.out.columns ?? 80) : Infinity;
          shell.o.output.write(`${shellHelp(helpWidth(cols))}\n`);
        }).then(() => this.displayPrompt());
      },
    });
    this.server.defineCommand('save', {
      help: 'write the lines that succeeded to FILE, to run again with exec FILE',
      action(arg: string) {
        void shell.enqueue(() => shell.save(arg.trim())).then(() => this.displayPrompt());
      },
    });
  }

  private save(file: string): void {
    const p = this.printer();
    if (file === '') {
      p.error('.save needs a file name');
      p.hint('.save FILE writes the lines that succeeded; exec FILE runs them again');
      return;
    }
    const head = `# vppapi shell, ${new Date().toISOString()}: the ${this.saved.length} line${this.saved.length === 1 ? '' : 's'} that succeeded\n`;
    try {
      writeFileSync(file, head + this.saved.map((l) => `${l}\n`).join(''));
    } catch (e) {
      p.error(`.save: cannot write ${file}: ${fsReason(e)}`);
      return;
    }
    this.o.output.write(`saved ${this.saved.length} line${this.saved.length === 1 ? '' : 's'} to ${file}; exec ${file} runs them again\n`);
  }

  /** Ctrl-C: cancel what runs; at the prompt, node's own behaviour (clear, twice to leave). */
  private handleInterrupt(): void {
    const server = this.server;
    server.removeAllListeners('SIGINT');
    server.on('SIGINT', () => {
      if (this.running) {
        this.generation++;
        this.running.abort();
        this.o.output.write('^C\n');
        return;
      }
      const r = server as unknown as { line: string; clearLine(): void };
      const empty = r.line.length === 0;
      r.clearLine();
      if (empty) {
        if (this.sawInterrupt) {
          server.close();
          return;
        }
        this.o.output.write('(To exit, press Ctrl+C again or Ctrl+D or type .exit)\n');
        this.sawInterrupt = true;
      } else {
        this.sawInterrupt = false;
      }
      server.displayPrompt();
    });
  }

  /** On a terminal, the history file: loaded into the line editor, each new line appended. */
  private keepHistory(): void {
    const o = this.o;
    const file = o.historyFile === undefined ? historyPath(this.env) : (o.historyFile ?? undefined);
    if (!this.terminal || !file) {
      this.server.on('line', () => (this.sawInterrupt = false));
      return;
    }
    const history = new HistoryFile(file, 1000, (e) => this.printer().warn(`history ${file}: ${e.message} (not kept)`));
    (this.server as unknown as { history: string[] }).history = history.load().reverse();
    let previous: string | undefined;
    this.server.on('line', (line: string) => {
      this.sawInterrupt = false;
      const l = line.trim();
      if (l !== '' && l !== previous) history.add(l);
      previous = l;
    });
  }

  /** Resolves once the server has exited, the lines still to run are done and the session is closed. */
  private whenClosed(): Promise<void> {
    const o = this.o;
    const onSignal = (): void => this.server.close();
    o.signal?.addEventListener('abort', onSignal, { once: true });
    return new Promise<void>((resolve) => {
      this.server.once('exit', () => {
        o.signal?.removeEventListener('abort', onSignal);
        // Leaving a terminal drops what runs; the end of piped input lets its lines finish.
        if (this.terminal || o.signal?.aborted) {
          this.generation++;
          this.running?.abort();
        }
        void this.chain.then(() => this.connection.close()).then(resolve, resolve);
      });
    });
  }
}

/** Starts the shell on `o.input`/`o.output`; it runs until .exit, Ctrl-D, `o.signal` or close(). */
export function startShell(o: ShellOptions): Shell {
  return new ReplShell(o);
}

/**
 * The interactive shell: node's `repl` with its own evaluator (input is never run as
 * JavaScript), one session for every line, Tab completion from the engine, history, and
 * a connection that comes back when VPP restarts.
 *
 * | input                     | effect                                                    |
 * |---------------------------|-----------------------------------------------------------|
 * | a command line            | run as `vppapi <line>` on the open session (line-runner.ts) |
 * | Tab                       | candidates (complete/engine.ts); live interfaces for interface indexes |
 * | Ctrl-C while a line runs  | cancels it (and the lines typed ahead), back to the prompt |
 * | Ctrl-C at the prompt      | clears the line; twice on an empty line leaves            |
 * | `.json on|off`, `.jsonl on|off` | output mode                                         |
 * | `.exit`, `exit`, Ctrl-D   | leaves: the session is disconnected                       |
 *
 * Lines run one after another, in the order typed, even when typed while one runs.
 */
import { clearLine, cursorTo } from 'node:readline';
import repl, { type REPLServer } from 'node:repl';
import type { Session } from '../../client/session.js';
import { schemaDefs } from '../complete/defs.js';
import { type LiveInterface, complete } from '../complete/engine.js';
import { cachedInterfaces } from '../complete/live.js';
import { DEFAULT_TIMEOUT_MS, type GlobalOptions, defaultGlobals } from '../runtime/globals.js';
import type { Io, Writer } from '../runtime/io.js';
import { Printer, outputSettings } from '../runtime/output.js';
import { reportError } from '../runtime/report.js';
import { ReplConnection } from './connection.js';
import { HistoryFile, historyPath } from './history.js';
import { splitLine, tokenize } from '../syntax/tokenizer.js';
import { type LineRunner, outputCommand, runShellWords } from './line-runner.js';

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

export function startShell(o: ShellOptions): Shell {
  const env = o.env;
  const base: Partial<GlobalOptions> = { ...o.base };
  const terminal = o.terminal ?? o.output.isTTY === true;
  const out: Writer = {
    write: (s: string) => o.output.write(s),
    get isTTY() {
      return o.output.isTTY === true;
    },
    get columns() {
      return o.output.columns;
    },
  };
  const printer = (): Printer => {
    const g = { ...defaultGlobals(env), ...base };
    return new Printer(out, out, outputSettings(g, { stdout: out, stderr: out, env }));
  };

  let running: AbortController | undefined;
  let generation = 0;
  let chain: Promise<void> = Promise.resolve();
  let server: REPLServer;

  const notify = (text: string): void => {
    if (!running && terminal && server) {
      clearLine(o.output, 0);
      cursorTo(o.output, 0);
      o.output.write(`${text}\n`);
      server.displayPrompt(true);
    } else {
      o.output.write(`${text}\n`);
    }
  };
  const connection = new ReplConnection(o.session, { notify, reopen: o.reopen, delaysMs: o.reconnectDelaysMs });
  const live = cachedInterfaces(() => connection.session);
  const interfaces = (): Promise<LiveInterface[]> => live.list();

  const runOne = async (line: string): Promise<void> => {
    let words: string[];
    try {
      words = tokenize(line);
    } catch (e) {
      reportError(e, printer(), env);
      return;
    }
    if (words.length === 0) return;
    if (words[0] === 'exit' || words[0] === 'quit') {
      server.close();
      return;
    }
    const ac = new AbortController();
    running = ac;
    try {
      const session = await connection.ready(base.timeoutMs ?? DEFAULT_TIMEOUT_MS, ac.signal);
      const io: Io = { stdout: out, stderr: out, env, signal: ac.signal, stdin: '' };
      await runShellWords(words, session, io, base, o.run);
    } catch (e) {
      reportError(e, printer(), env);
    } finally {
      running = undefined;
      live.invalidate();
    }
  };

  /** Runs `work` after the lines entered before it (dot commands keep their place too). */
  const enqueue = (work: () => void | Promise<void>): Promise<void> => {
    const gen = generation;
    chain = chain.then(() => (gen === generation ? work() : undefined)).catch(() => {});
    return chain;
  };

  const completeLine = async (line: string): Promise<[string[], string]> => {
    const s = splitLine(line);
    const commands = Object.keys(server.commands).map((c) => `.${c}`);
    const c = await complete(schemaDefs(connection.session.schema), s.words, s.partial, { repl: true, commands, interfaces });
    const raw = (v: string): string => s.partialRaw + v.slice(s.partial.length);
    if (c.candidates.length === 1) {
      const only = c.candidates[0]!;
      return [[raw(only.value) + (c.noSpace || s.openQuote ? '' : ' ')], s.partialRaw];
    }
    return [c.candidates.map((x) => raw(x.value) + (x.note ? ` (${x.note})` : '')), s.partialRaw];
  };

  if (o.greeting) o.output.write(`${o.greeting}\n`);
  server = repl.start({
    input: o.input,
    output: o.output,
    terminal,
    prompt: o.prompt ?? 'vppapi> ',
    ignoreUndefined: true,
    // Not JavaScript: each line is a command, run in order.
    eval: (cmd, _context, _file, done) => {
      void enqueue(() => runOne(cmd.trim())).then(() => done(null, undefined));
    },
    completer: (line: string, done: (err: Error | null, result: [string[], string]) => void) => {
      completeLine(line).then(
        (r) => done(null, r),
        () => done(null, [[], line]),
      );
    },
    historySize: 1000,
  } as repl.ReplOptions);
  for (const c of DROPPED_COMMANDS) delete (server.commands as Record<string, unknown>)[c];

  for (const mode of ['json', 'jsonl'] as const) {
    server.defineCommand(mode, {
      help: mode === 'json' ? 'JSON output on or off (.json on, .json off)' : 'one JSON object per line, on or off (.jsonl on)',
      action(arg: string) {
        void enqueue(() => {
          try {
            o.output.write(`${outputCommand(mode, arg, base)}\n`);
          } catch (e) {
            reportError(e, printer(), env);
          }
        }).then(() => this.displayPrompt());
      },
    });
  }

  // Ctrl-C: cancel what runs; at the prompt, node's own behaviour (clear, twice to leave).
  let sawInterrupt = false;
  server.removeAllListeners('SIGINT');
  server.on('SIGINT', () => {
    if (running) {
      generation++;
      running.abort();
      o.output.write('^C\n');
      return;
    }
    const r = server as unknown as { line: string; clearLine(): void };
    const empty = r.line.length === 0;
    r.clearLine();
    if (empty) {
      if (sawInterrupt) {
        server.close();
        return;
      }
      o.output.write('(To exit, press Ctrl+C again or Ctrl+D or type .exit)\n');
      sawInterrupt = true;
    } else {
      sawInterrupt = false;
    }
    server.displayPrompt();
  });

  const file = o.historyFile === undefined ? historyPath(env) : (o.historyFile ?? undefined);
  if (terminal && file) {
    const history = new HistoryFile(file, 1000, (e) => printer().warn(`history ${file}: ${e.message} (not kept)`));
    (server as unknown as { history: string[] }).history = history.load().reverse();
    let previous: string | undefined;
    server.on('line', (line: string) => {
      sawInterrupt = false;
      const l = line.trim();
      if (l !== '' && l !== previous) history.add(l);
      previous = l;
    });
  } else {
    server.on('line', () => (sawInterrupt = false));
  }

  const onSignal = (): void => server.close();
  o.signal?.addEventListener('abort', onSignal, { once: true });

  const closed = new Promise<void>((resolve) => {
    server.once('exit', () => {
      o.signal?.removeEventListener('abort', onSignal);
      // Leaving a terminal drops what runs; the end of piped input lets its lines finish.
      if (terminal || o.signal?.aborted) {
        generation++;
        running?.abort();
      }
      void chain.then(() => connection.close()).then(resolve, resolve);
    });
  });

  if (o.signal?.aborted) server.close();

  return {
    server,
    connection,
    complete: completeLine,
    closed,
    close: () => server.close(),
  };
}

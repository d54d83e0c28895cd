/**
 * The same command on several targets (docs/fleets.md): in parallel (at most
 * `--parallel`, default 16), each target in its own runtime (its own connection and
 * definitions: a mixed-release fleet works), sequential within a target; one ssh
 * connection per host for all of them. Output merged by merge.ts in target order (with
 * --jsonl each target's as soon as it and those before it are done). A target that hangs is ended by
 * its own timeouts and holds up no other target's run (only the printing of those after
 * it). Exit: 0 when every target succeeded, else the first failing target's code in
 * target order. Ctrl-C ends every target and every ssh/exec child.
 */
import { setMaxListeners } from 'node:events';
import type { OpenSessionOptions } from '../../client/session/connect.js';
import type { TargetEntry } from '../../client/targets/config.js';
import { Connector } from '../../client/targets/connector.js';
import { exitCodeFor } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import type { GlobalOptions } from '../runtime/globals.js';
import { BufferWriter, type Io, readStdin } from '../runtime/io.js';
import { Printer, outputSettings } from '../runtime/output.js';
import { CliRuntime, type CommandRunner, sshCommand } from '../runtime/runtime.js';
import { interruptibleWork } from './interrupt.js';
import { Capture, CapturePrinter } from './capture.js';
import { type TargetResult, jsonObjects, mergeTables, oneTableEach, writeJsonl, writeSection, writeStderr, writeTable } from './merge.js';
import { writeCheckMatrix } from './check-matrix.js';
import { DEFAULT_PARALLEL, limited } from './limit.js';

/** One target's runtime: its printer collects pieces instead of printing. */
class TargetRuntime extends CliRuntime {
  constructor(
    io: Io,
    globals: GlobalOptions,
    runner: CommandRunner,
    entry: TargetEntry,
    connector: Connector,
    private readonly capture: Capture,
    memo: OpenSessionOptions['memo'],
  ) {
    super(io, globals, runner, { entry, connector, memo });
  }

  override printer(): Printer {
    return new CapturePrinter(this.capture, this.io.stderr, outputSettings(this.globals, { ...this.io, stdout: this.capture }));
  }
}

/**
 * Runs `words` on every target of `entries` and prints the merged output on `io`.
 * Returns the exit code. Throws nothing of the targets' own (each is reported).
 * `shared`: a Connector kept by the caller (its ssh connections outlive this run and
 * are the caller's to close); by default one made and closed here.
 */
export async function runFleet(io: Io, g: GlobalOptions, words: readonly string[], entries: readonly TargetEntry[], runner: CommandRunner, shared?: Connector): Promise<number> {
  const connector = shared ?? new Connector({ ssh: sshCommand(io.env), env: io.env as NodeJS.ProcessEnv });
  const stdin = sharedStdin(io);
  const stop = new AbortController();
  // Every target's run listens to it.
  setMaxListeners(entries.length * 4 + 10, stop.signal);
  const onAbort = (): void => stop.abort();
  io.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const memo: OpenSessionOptions['memo'] = new Map();
    const runOne = (entry: TargetEntry): Promise<TargetResult> => runTarget(io, g, words, entry, { connector, memo }, runner, stop.signal, stdin);
    const results = limited(entries, g.parallel ?? DEFAULT_PARALLEL, runOne);
    const done = await interruptibleWork(print(io, words, results), stop.signal);
    return done ?? EXIT.INTERRUPTED;
  } finally {
    io.signal?.removeEventListener('abort', onAbort);
    stop.abort();
    if (!shared) await connector.close();
  }
}

/** Prints the results in target order as they become ready; returns the exit code. */
async function print(io: Io, words: readonly string[], pending: Promise<TargetResult>[]): Promise<number> {
  let code: number = EXIT.OK;
  const all: TargetResult[] = [];
  // The output options are the first target's as its command read them (--tsv, --json
  // after the command name are read by the command).
  const first = await pending[0]!;
  const p = new Printer(io.stdout, io.stderr, outputSettings(first.globals, io));
  const mode = p.mode;
  // jsonl goes out target by target; a table merged across targets, a check matrix and
  // the json array need every target first.
  for (const next of pending) {
    const r = await next;
    all.push(r);
    if (code === EXIT.OK && r.code !== EXIT.OK) code = r.code;
    if (mode === 'jsonl') {
      writeJsonl(p, r);
      writeStderr(p, r);
    }
  }
  if (mode === 'json') {
    p.data(all.flatMap(jsonObjects));
    for (const r of all) writeStderr(p, r);
  } else if (mode === 'human') {
    if (words[0] === 'check' && (await writeCheckMatrix(p, all))) {
      // printed
    } else if (oneTableEach(all)) {
      const t = mergeTables(all);
      await writeTable(p, t.head, t.rows);
    } else {
      for (const r of all) if (r.pieces.length > 0 || r.code === EXIT.OK) await writeSection(p, r);
    }
    for (const r of all) writeStderr(p, r);
  }
  return code;
}

async function runTarget(io: Io, g: GlobalOptions, words: readonly string[], entry: TargetEntry, shared: { connector: Connector; memo: OpenSessionOptions['memo'] }, runner: CommandRunner, signal: AbortSignal, stdin: Io['stdin']): Promise<TargetResult> {
  const capture = new Capture(io.stdout.columns);
  const err = new BufferWriter(false);
  // check's reports are read back as JSON for the matrix (check-matrix.ts).
  const matrix = words[0] === 'check' && g.output === 'human';
  const mine: GlobalOptions = { ...g, output: matrix ? 'json' : g.output };
  const tio: Io = { stdout: capture, stderr: err, stdin, env: io.env, signal, input: io.input };
  const rt = new TargetRuntime(tio, mine, runner, entry, shared.connector, capture, shared.memo);
  let code: number;
  let error: Error | undefined;
  try {
    code = (await interruptibleWork(runner.run(rt, words), signal)) ?? EXIT.INTERRUPTED;
  } catch (e) {
    code = exitCodeFor(e);
    error = e instanceof Error ? e : new Error(String(e));
  } finally {
    await rt.close();
  }
  return { name: entry.name, globals: matrix ? { ...mine, output: 'human' } : mine, code, error, pieces: capture.pieces, stderr: err.text };
}

/** Standard input read once (for `--args -`), handed to every target. */
function sharedStdin(io: Io): Io['stdin'] {
  if (io.stdin === undefined || typeof io.stdin === 'string') return io.stdin;
  let text: Promise<string> | undefined;
  return {
    [Symbol.asyncIterator]: async function* () {
      yield await (text ??= readStdin(io));
    },
  };
}

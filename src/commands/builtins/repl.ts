/**
 * `vppapi repl`: the interactive shell (shell.ts) on a session opened as any command
 * opens one (--socket, --api-dir, definitions from VPP, --emulator), on the terminal the
 * program was started from.
 */
import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import type { Session } from '../../client/session/session.js';
import { holdYoungGeneration } from '../../client/young-generation.js';
import { EXIT } from '../runtime/exit-codes.js';
import type { Writer } from '../runtime/io.js';
import { openFromVpp } from '../runtime/definitions.js';
import type { Runtime } from '../runtime/runtime.js';
import { startShell } from '../repl/shell.js';

type Out = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** The output as a stream: the Writer itself when it is one (a terminal), else a stream writing to it. */
function outputStream(w: Writer): Out {
  if (typeof (w as Partial<NodeJS.WritableStream>).on === 'function') return w as unknown as Out;
  const s = new Writable({
    write(chunk: Buffer, _enc, done) {
      w.write(chunk.toString());
      done();
    },
  }) as Out;
  s.isTTY = w.isTTY;
  s.columns = w.columns;
  return s;
}

async function greeting(session: Session, origin: string): Promise<string> {
  let version = '';
  try {
    const r = (await session.call('show_version', {}, { timeoutMs: 2000 })) as { version?: string };
    if (r.version) version = ` ${r.version}`;
  } catch {
    /* a VPP without show_version in the definitions: no version in the greeting */
  }
  return `Connected to VPP${version} at ${session.socketPath} (definitions: ${origin}). ` + 'Tab completes; help lists the commands; .exit or Ctrl-D leaves.';
}

/**
 * The shell lives long, for a person typing: it runs without V8's optimizing compiler
 * (TurboFan: its code in the node binary and the code it makes were ~7 MB of the
 * shell's ~69 MB resident; the baseline compiler stays) and with its young generation
 * held at its size (young-generation.ts). The time to the prompt did not measurably
 * change (~0.55-0.6 s either way, bench:memory's machine). Both are V8 flags that V8
 * reads as it goes.
 */
function leanShell(): void {
  setFlagsFromString('--no-opt');
  holdYoungGeneration();
}

export async function run(rt: Runtime, _args: string[], opts: Record<string, unknown>): Promise<number> {
  leanShell();
  // Without names: every definition, which completion and help need.
  const session = await rt.session();
  const output = outputStream(rt.io.stdout);
  // bin/ hands its streams in through Io; the keyboard is the process's own stdin unless given.
  const input = rt.io.input ?? process.stdin;
  const fromVpp = rt.originText().startsWith('VPP');
  const shell = startShell({
    input,
    output,
    terminal: (input as { isTTY?: boolean }).isTTY === true && output.isTTY === true,
    session,
    run: rt.runner.line,
    env: rt.io.env,
    base: { ...rt.globals },
    historyFile: opts.history === false ? null : undefined,
    signal: rt.io.signal,
    greeting: await greeting(session, rt.originText()),
    reopen: fromVpp ? () => reopenFromVpp(rt, session) : undefined,
  });
  await shell.closed;
  return EXIT.OK;
}

/** A new session that learns the definitions of the VPP now on the socket (cached by its table). */
async function reopenFromVpp(rt: Runtime, old: Session): Promise<Session> {
  const g = rt.globals;
  const opened = await openFromVpp(rt.io.env, {
    socketPath: old.socketPath,
    timeoutMs: g.timeoutMs,
    connectTimeoutMs: g.timeoutMs,
    clientName: old.clientName,
    onFrame: rt.frameObserver(),
  });
  return opened.session;
}

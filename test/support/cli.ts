/**
 * Helpers of the CLI tests: an emulator on a temporary socket, a definitions tree written
 * from the built-in modules (no ../shared needed), the program run in-process through
 * main() with captured streams, or as a real child process of dist/bin/vppctl-api.js,
 * and what the emulator received, decoded with an independently loaded schema.
 */
import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCodec } from '../../src/client/codec/index.js';
import { builtinModules } from '../../src/client/schema/builtin/index.js';
import { loadSchema } from '../../src/client/schema/load.js';
import type { Schema } from '../../src/client/schema/model.js';
import type { RawModule, RawSource } from '../../src/client/schema/raw.js';
import { main } from '../../src/commands/main.js';
import { BufferWriter } from '../../src/commands/runtime/io.js';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string>;
  stdin?: string;
  /** Pretend stdout (and stderr) is a terminal of this many columns. */
  tty?: number;
  signal?: AbortSignal;
}

const temps: string[] = [];
// Every file that uses these helpers gets its directories removed after its tests, also
// when it never calls cleanup() itself (a run used to leave ~13 of them in $TMPDIR).
afterAll(() => cleanup());

/** A fresh temporary directory, removed by cleanup(). */
export function tempDir(prefix = 'vppapi-cli-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}

/** Removes the temporary directories made so far (a hook: vitest reads its parameters, so it takes none). */
export function cleanup(): void {
  cleanupFrom(0);
}

/** Removes the temporary directories made after the first `from`. */
function cleanupFrom(from: number): void {
  for (const d of temps.splice(from)) rmSync(d, { recursive: true, force: true });
}

/**
 * The environment every run gets: no colour forcing, no VPP_* leaking in, and a private
 * home, cache and state directory, so that no test writes into the real user's home
 * (the definitions cache and name index go under XDG_CACHE_HOME, else HOME/.cache; the
 * shell's history under XDG_STATE_HOME, else HOME). What a test gives in `env` wins.
 */
export function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  const home = tempDir('vppapi-home-');
  return { HOME: home, XDG_CACHE_HOME: join(home, 'cache'), XDG_STATE_HOME: join(home, 'state'), ...extra };
}

/** Runs `vppapi argv` in-process and captures what it wrote. */
export async function run(argv: string[], opts: RunOptions = {}): Promise<Run> {
  const stdout = new BufferWriter(opts.tty !== undefined, opts.tty);
  const stderr = new BufferWriter(opts.tty !== undefined, opts.tty);
  const code = await main(argv, { stdout, stderr, stdin: opts.stdin ?? '', env: baseEnv(opts.env), signal: opts.signal });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Runs the built program as a child process. */
export function runChild(bin: string, argv: string[], opts: { env?: Record<string, string>; stdin?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...argv], {
      env: { PATH: process.env.PATH ?? '', ...baseEnv(opts.env) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.stdin ?? '');
  });
}

/** Built-in definitions as sources (fresh objects each call: callers may change them). */
export function builtinSources(): RawSource[] {
  return builtinModules().map((module) => ({ origin: 'built-in', module }));
}

/**
 * A definitions tree (core/<module>.api.json for the built-in set's modules, plugins/ for others) from `modules` (default: the built-in
 * ones), as VPP installs them under /usr/share/vpp/api.
 */
export function apiTree(modules: RawModule[] = builtinModules()): string {
  const dir = tempDir('vppapi-defs-');
  mkdirSync(join(dir, 'core'));
  mkdirSync(join(dir, 'plugins'));
  // As VPP installs them: its core modules (the built-in set's) under core/, any other under plugins/.
  const core = new Set(builtinModules().map((m) => m.module));
  for (const m of modules) writeFileSync(join(dir, core.has(m.module) ? 'core' : 'plugins', `${m.module}.api.json`), JSON.stringify(m, null, 2));
  return dir;
}

/** Sets the CRC of message `name` in `modules` (a VPP of another version). */
export function withCrc(modules: RawModule[], name: string, crc: string): RawModule[] {
  for (const m of modules) {
    for (const msg of m.messages ?? []) {
      if (msg[0] !== name) continue;
      const meta = msg[msg.length - 1] as { crc: string };
      meta.crc = crc;
    }
  }
  return modules;
}

export interface TestEmulator {
  emu: Emulator;
  socket: string;
  /** Messages received since the last clear, decoded, without the session's own (handshake, ping, delete). */
  requests(): { name: string; msg: Record<string, unknown> }[];
  /** Every message received, by name. */
  names(): string[];
  stop(): Promise<void>;
}

let decodeSchema: Schema | undefined;

/** Starts an emulator on a temporary socket serving `sources` (default: built-in). */
export async function startTestEmulator(sources?: RawSource[]): Promise<TestEmulator> {
  const socket = join(tempDir('vppapi-emu-'), 'api.sock');
  const emu = await startEmulator({ socketPath: socket, sources });
  const schema = sources ? loadSchema(sources, { tolerant: true }).schema : (decodeSchema ??= loadSchema(builtinSources()).schema);
  const own = new Set(['sockclnt_create', 'sockclnt_delete', 'control_ping']);
  return {
    emu,
    socket,
    requests: () =>
      emu.received
        .filter((r) => !own.has(r.name))
        .map((r) => {
          const msg = getCodec(schema, r.name).decode(r.payload);
          delete msg.client_index;
          delete msg.context;
          delete msg._vl_msg_id;
          return { name: r.name, msg };
        }),
    names: () => emu.received.map((r) => r.name),
    stop: () => emu.stop(),
  };
}

/** One emulator and one definitions tree for a test file (or describe block), with `cli(...)` bound to both. */
export interface CliFixture {
  readonly emu: TestEmulator;
  /** A definitions tree of the built-in modules (or `modules`). */
  readonly defs: string;
  cli(...argv: string[]): Promise<Run>;
  /** Registers `undo` to run after the current test, the last registered first. */
  defer(undo: () => Promise<void> | void): void;
}

export interface CliFixtureOptions {
  /** What the emulator serves (default: the built-in set). */
  sources?: () => RawSource[];
  /** What the definitions tree holds (default: the built-in modules). */
  modules?: () => RawModule[];
  /** Forget what the emulator received before each test (default true). */
  clearEachTest?: boolean;
}

/**
 * Registers the hooks of the shared CLI emulator, for the test file or the describe block
 * it is called in: start it and write the definitions tree before all tests, undo what
 * each test deferred after it, stop it and remove the temporary directories made since
 * it started after all; by default clear what the emulator received before each test.
 */
export function useCliEmulator(opts: CliFixtureOptions = {}): CliFixture {
  const undo: (() => Promise<void> | void)[] = [];
  const fx = {
    emu: undefined as unknown as TestEmulator,
    defs: '',
    cli: (...argv: string[]) => run(['--socket', fx.emu.socket, '--api-dir', fx.defs, ...argv]),
    defer: (u: () => Promise<void> | void) => void undo.push(u),
  };
  // What was made before the fixture started is someone else's (a file-level hook's, when
  // the fixture serves one describe block) and is left to them.
  let mark = 0;
  beforeAll(async () => {
    mark = temps.length;
    fx.defs = apiTree(opts.modules?.());
    fx.emu = await startTestEmulator(opts.sources?.());
  });
  afterEach(async () => {
    for (const u of undo.splice(0).reverse()) await u();
  });
  afterAll(async () => {
    await fx.emu.stop();
    cleanupFrom(mark);
  });
  if (opts.clearEachTest !== false) beforeEach(() => fx.emu.emu.clearReceived());
  return fx;
}

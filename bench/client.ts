/**
 * `npm run bench:client`: round trips per second of the session client, beside a raw
 * baseline measured in the same process against the same server: a socket client that
 * only frames requests and counts replies (no decoding, no promises). The ratio is what
 * the goal (pipelined ≥ 0.8 of what the server answers) is about.
 *
 * That raw client sends a precomputed run of frames and counts replies by id: against the
 * canned responder, which answers far faster than VPP, it measures the server and the
 * socket, not a client. So each pipelined row is followed by "the same, raw calls": the
 * raw client making calls as the session does (a context per call written into its frame,
 * the frames of a tick in one write, the reply found by its context, a promise per call
 * resolved with the reply's bytes), only without decoding. That ratio is what the session's
 * own per-call work costs, like against like.
 *
 * Servers, each in a child process unless --in-process (then sharing this event loop):
 * - responder (bench/client-responder.ts): canned answers from precomputed bytes, faster
 *   than VPP: shows the client's own ceiling;
 * - emulator (src/emulator): a real implementation, slower than VPP.
 *
 * (The raw calls find a reply's call in an array indexed by context, as the session does,
 * not in a Map: see RawClient.waiting.)
 *
 *   node dist/bench/client.js [--server responder|emulator|both] [--in-process]
 *   node dist/bench/client.js --socket PATH        any VPP (definitions via get_api_json + cache)
 *   options: --interfaces N   interfaces for the dump (default 10000; with --socket 0: a real
 *                             VPP is only changed when asked, and the loopbacks are deleted after)
 *            --batch N        pipelined calls per batch (default 1000)
 *            --ms N           time per figure (default 1500)
 *            --baseline DIR   another build's root (its dist/ built): against the responder, its
 *                             session's pipelined control_ping (batches, then a window) beside
 *                             this one's and the raw calls, turn about for --rounds N (default 5)
 *                             rounds; medians of the rate and of this process's CPU per call
 *            --compare-only   with --baseline: only that comparison
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSession } from '../src/client/session/connect.js';
import { builtinModules } from '../src/client/schema/builtin/index.js';
import { loadSchema } from '../src/client/schema/load.js';
import { arg, fmtRate, median, startServer } from './harness.js';

const socketArg = arg('--socket');
const inProcess = process.argv.includes('--in-process');
const which = arg('--server') ?? 'both';
const batch = Number(arg('--batch') ?? 1000);
const ms = Number(arg('--ms') ?? 1500);
const compareOnly = process.argv.includes('--compare-only');
const interfaces = Number(arg('--interfaces') ?? (socketArg ? 0 : 10_000));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'vppapi-bench-'));

interface Server {
  socketPath: string;
  label: string;
  stop(): Promise<void>;
}

async function childServer(script: string, args: string[], label: string): Promise<Server> {
  const socketPath = path.join(tmp, `${label}.sock`);
  const main = fileURLToPath(new URL(script, import.meta.url));
  const s = await startServer(main, socketPath, args);
  return { socketPath, label: `${label} in a child process (pid ${s.child.pid})`, stop: s.stop };
}

async function emulatorServer(): Promise<Server> {
  if (!inProcess) return childServer('../src/emulator/main.js', ['--quiet'], 'emulator');
  const { startEmulator } = await import('../src/emulator/index.js');
  const socketPath = path.join(tmp, 'emulator.sock');
  const emu = await startEmulator({ socketPath });
  return { socketPath, label: 'emulator in this process (shares the event loop)', stop: () => emu.stop() };
}

// ---- the raw baseline: frames and counts, nothing else ----
/** Slots of RawClient's calls in flight (a power of two above any --batch used). */
const WAITING_SLOTS = 1 << 16;

class RawClient {
  private pending = Buffer.alloc(0);
  private want = 0;
  private counted = 0;
  private wantId = -1;
  private done: (() => void) | undefined;
  private onFirst: ((p: Buffer) => void) | undefined;
  /** Sliding window: one frame to send again per reply, `left` more times. */
  private again: Buffer | undefined;
  private left = 0;
  constructor(private readonly sock: net.Socket) {
    sock.on('data', (c: Buffer) => this.data(c));
  }
  static async open(p: string): Promise<{ raw: RawClient; handle: number; ids: Map<string, number> }> {
    const sock = net.createConnection(p);
    await new Promise<void>((r, j) => sock.once('connect', r).once('error', j));
    const raw = new RawClient(sock);
    const reply = await new Promise<Buffer>((r) => {
      raw.onFirst = r;
      const f = Buffer.alloc(16 + 70);
      f.writeUInt32BE(70, 8);
      f.writeUInt16BE(15, 16);
      f.writeUInt32BE(1, 18);
      f.write('bench-raw', 22);
      sock.write(f);
    });
    // sockclnt_create_reply: handle at 14, count at 18, entries of { u16 id; char name[64] } from 20.
    const ids = new Map<string, number>();
    const n = reply.readUInt16BE(18);
    for (let i = 0, o = 20; i < n; i++, o += 66) {
      const name = reply.toString('latin1', o + 2, o + 66).replace(/\0.*$/s, '');
      ids.set(name.replace(/_[0-9a-f]{8}$/, ''), reply.readUInt16BE(o));
    }
    return { raw, handle: reply.readUInt32BE(14), ids };
  }
  private data(c: Buffer): void {
    let b = this.pending.length ? Buffer.concat([this.pending, c]) : c;
    let o = 0;
    const before = this.counted;
    while (b.length - o >= 16) {
      const len = b.readUInt32BE(o + 8);
      if (b.length - o < 16 + len) break;
      if (this.onFirst) {
        const f = this.onFirst;
        this.onFirst = undefined;
        f(Buffer.from(b.subarray(o + 16, o + 16 + len)));
      } else if (this.waitingCount > 0) this.answer(b, o, len);
      else if (((b[o + 16]! << 8) | b[o + 17]!) === this.wantId && ++this.counted === this.want) this.done?.();
      o += 16 + len;
    }
    this.pending = o < b.length ? Buffer.from(b.subarray(o)) : Buffer.alloc(0);
    const n = Math.min(this.counted - before, this.left);
    if (this.again && n > 0) {
      this.left -= n;
      this.sock.write(n === 1 ? this.again : Buffer.concat(Array(n).fill(this.again)));
    }
  }
  // ---- calls as the session makes them, without decoding (the like-for-like baseline) ----
  /**
   * Calls waiting for their reply, at their context's low 16 bits (contexts count up, and
   * fewer than 65,536 are in flight). Not a Map: a Map grows and shrinks its hash table
   * with every batch, and the discarded tables, once in the old generation, kept the calls
   * and replies they pointed to alive through young collections: in some heap states this
   * baseline ran at half its speed (src/client/session/pending.ts).
   */
  private readonly waiting: (((payload: Buffer) => void) | null)[] = new Array(WAITING_SLOTS).fill(null);
  private waitingCount = 0;
  private ctx = 0;
  private out = Buffer.allocUnsafe(64 * 1024);
  private used = 0;
  private flushing = false;
  private readonly flush = (): void => {
    this.flushing = false;
    const b = this.out.subarray(0, this.used);
    this.out = Buffer.allocUnsafe(64 * 1024);
    this.used = 0;
    this.sock.write(b);
  };

  /**
   * One call of the request in `template` (a frame whose context is at payload offset 6,
   * control_ping's): its own context written in, the frame queued and written with the
   * others of this tick in one write, a promise resolved with the reply's payload found by
   * its context. What a session must do per call, minus decoding, timeouts and checks.
   */
  call(template: Buffer): Promise<Buffer> {
    let c = (this.ctx + 1) >>> 0;
    if (c === 0) c = 1;
    this.ctx = c;
    if (this.used + template.length > this.out.length) this.flush();
    template.copy(this.out, this.used);
    this.out.writeUInt32BE(c, this.used + 22);
    this.used += template.length;
    if (!this.flushing) {
      this.flushing = true;
      process.nextTick(this.flush);
    }
    return new Promise((resolve) => {
      this.waiting[c & (WAITING_SLOTS - 1)] = resolve;
      this.waitingCount++;
    });
  }

  /** A reply while calls wait: its context (payload offset 2) picks the call. */
  private answer(b: Buffer, o: number, len: number): void {
    const i = b.readUInt32BE(o + 18) & (WAITING_SLOTS - 1);
    const r = this.waiting[i];
    if (r === null || r === undefined) return;
    this.waiting[i] = null;
    this.waitingCount--;
    r(b.subarray(o + 16, o + 16 + len));
  }

  /** Keeps `window` frames in flight until `total` replies with id `id` came back. */
  windowed(frame: Buffer, id: number, window: number, total: number): Promise<void> {
    this.again = frame;
    this.left = total - window;
    return this.roundTrip(Buffer.concat(Array(window).fill(frame)), id, total).then(() => {
      this.again = undefined;
    });
  }
  /** Writes `bytes` and resolves when `n` frames with id `id` came back. */
  roundTrip(bytes: Buffer, id: number, n: number): Promise<void> {
    this.want = n;
    this.counted = 0;
    this.wantId = id;
    return new Promise((r) => {
      this.done = r;
      this.sock.write(bytes);
    });
  }
  close(): void {
    this.sock.destroy();
  }
}

/** Frames of a request with only client_index and context (control_ping), contexts 1..n. */
function pings(id: number, handle: number, n: number): Buffer {
  const b = Buffer.alloc(26 * n);
  for (let i = 0; i < n; i++) {
    const o = i * 26;
    b.writeUInt32BE(10, o + 8);
    b.writeUInt16BE(id, o + 16);
    b.writeUInt32BE(handle, o + 18);
    b.writeUInt32BE(i + 1, o + 22);
  }
  return b;
}

/** sw_interface_dump (sw_if_index ~0, no filter) + control_ping with the same context. */
function dumpFrames(dumpId: number, pingId: number, handle: number): Buffer {
  const d = Buffer.alloc(16 + 19);
  d.writeUInt32BE(19, 8);
  d.writeUInt16BE(dumpId, 16);
  d.writeUInt32BE(handle, 18);
  d.writeUInt32BE(7, 22);
  d.writeUInt32BE(0xffffffff, 26);
  const p = pings(pingId, handle, 1);
  p.writeUInt32BE(7, 22);
  return Buffer.concat([d, p]);
}

/** What rate() measured: operations per second, and this process's CPU time per operation. */
interface Measured {
  perSecond: number;
  /** User + system CPU time of this process per operation, µs: what the client itself spent, which a busy machine moves less than the rate. */
  cpuUs: number;
}

/** Runs `round` (which completes `per` operations) for `ms` after a short warm-up. */
async function measured(per: number, round: () => Promise<unknown>, time = ms): Promise<Measured> {
  const warm = performance.now() + Math.min(300, time / 4);
  while (performance.now() < warm) await round();
  let n = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < time) {
    await round();
    n += per;
    t = performance.now();
  }
  const cpu = process.cpuUsage(cpu0);
  return { perSecond: (n * 1000) / (t - t0), cpuUs: (cpu.user + cpu.system) / n };
}

/** Operations per second of `round` (measured()). */
async function rate(per: number, round: () => Promise<unknown>, time = ms): Promise<number> {
  return (await measured(per, round, time)).perSecond;
}

// ---- measurements ----
const row = (what: string, client: number, base: number, unit = 'calls'): void =>
  console.log(`  ${what.padEnd(42)} session ${fmtRate(client).padStart(10)}   raw ${fmtRate(base).padStart(10)}   ratio ${(client / base).toFixed(2)}  (${unit})`);

/** The session beside raw calls (RawClient.call): the same promise, context and write per call, no decoding. */
const rowCalls = (what: string, client: number, base: number): void =>
  console.log(`  ${`  the same, raw calls`.padEnd(42)} session ${fmtRate(client).padStart(10)}   raw ${fmtRate(base).padStart(10)}   ratio ${(client / base).toFixed(2)}  (calls: a promise and context each, no decoding; ${what.split(',')[1]!.trim()})`);

/** What the pipelined control_ping rows measure, for one session: calls in batches of `batch`. */
function pipelinedPings(call: () => Promise<unknown>): Promise<Measured> {
  const calls: Promise<unknown>[] = new Array(batch);
  return measured(batch, () => {
    for (let i = 0; i < batch; i++) calls[i] = call();
    return Promise.all(calls);
  });
}

/** The same calls with `batch` in flight, each answer letting one more go (slidingWindow), in runs of 20 batches. */
function windowedPings(call: () => Promise<unknown>): Promise<Measured> {
  const total = batch * 20;
  return measured(total, () => slidingWindow(total, batch, call));
}

/** `total` calls with at most `width` in flight: each answer lets one more go. Rejects as a call does. */
function slidingWindow(total: number, width: number, call: () => Promise<unknown>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let sent = 0;
    let done = 0;
    const next = (): void => {
      if (++done === total) resolve();
      else if (sent < total) {
        sent++;
        call().then(next, reject);
      }
    };
    for (; sent < Math.min(width, total); sent++) call().then(next, reject);
  });
}

/**
 * This build's session beside another build's (`root`: its dist/ built), and the raw
 * calls, each measured in turn for several rounds against the same responder, in batches
 * and in a sliding window: an A/B that a busy machine moves alike. Besides the rates, the
 * CPU time this process spent per call: the client's own cost, steadier than a rate when
 * other work shares the cores.
 */
async function compareBuilds(server: Server, root: string): Promise<void> {
  const schemaOf = async (r: string) => {
    const { loadSchema: load } = (await import(path.join(r, 'dist/src/client/schema/load.js'))) as typeof import('../src/client/schema/load.js');
    const { builtinModules: mods } = (await import(path.join(r, 'dist/src/client/schema/builtin/index.js'))) as typeof import('../src/client/schema/builtin/index.js');
    return load(mods().map((module) => ({ origin: 'built-in', module }))).schema;
  };
  const other = (await import(path.join(root, 'dist/src/client/session/connect.js'))) as typeof import('../src/client/session/connect.js');
  const a = (await openSession({ socketPath: server.socketPath, schema: loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema })).session;
  const b = (await other.openSession({ socketPath: server.socketPath, schema: await schemaOf(root) })).session;
  const { raw, handle, ids } = await RawClient.open(server.socketPath);
  const one = pings(ids.get('control_ping')!, handle, 1);
  const rounds = Number(arg('--rounds') ?? 5);
  const who = { this: () => a.call('control_ping'), baseline: () => b.call('control_ping'), raw: () => raw.call(one) };
  for (const [shape, measure] of [
    [`batches of ${batch}`, pipelinedPings],
    [`a window of ${batch}`, windowedPings],
  ] as const) {
    const got = { this: [] as Measured[], baseline: [] as Measured[], raw: [] as Measured[] };
    for (let i = 0; i < rounds; i++) {
      for (const k of ['this', 'baseline', 'raw'] as const) got[k].push(await measure(who[k]));
    }
    const rateOf = (k: keyof typeof got): number => median(got[k].map((m) => m.perSecond));
    const cpuOf = (k: keyof typeof got): number => median(got[k].map((m) => m.cpuUs));
    console.log(`control_ping pipelined, ${shape}, ${rounds} rounds in turn, medians (baseline: ${root}):`);
    for (const k of ['this', 'baseline'] as const) {
      console.log(
        `  ${(k === 'this' ? 'this build' : 'baseline').padEnd(14)} ${fmtRate(rateOf(k)).padStart(10)}   ratio to raw calls ${(rateOf(k) / rateOf('raw')).toFixed(2)}   CPU ${cpuOf(k).toFixed(3)} µs/call (raw's ÷ this: ${(cpuOf('raw') / cpuOf(k)).toFixed(2)})`,
      );
    }
    console.log(`  ${'raw calls'.padEnd(14)} ${fmtRate(rateOf('raw')).padStart(10)}   (a promise and context each, no decoding)   CPU ${cpuOf('raw').toFixed(3)} µs/call`);
  }
  raw.close();
  await a.disconnect();
  await b.disconnect();
}

async function run(server: Server, opts: { create: number; canned: boolean }): Promise<void> {
  const { session: s, origin } = opts.canned
    ? await openSession({ socketPath: server.socketPath, schema: loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema })
    : await openSession({ socketPath: server.socketPath, cacheDir: socketArg ? undefined : path.join(tmp, 'cache'), clientName: 'vppapi-bench' });
  const { raw, handle, ids } = await RawClient.open(server.socketPath);
  const pingId = ids.get('control_ping')!;
  const pingReplyId = ids.get('control_ping_reply')!;
  console.log(`${server.label}; definitions: ${origin}`);

  const one = pings(pingId, handle, 1);
  const rawSeq = await rate(1, () => raw.roundTrip(one, pingReplyId, 1));
  const seq = await rate(1, () => s.call('control_ping'));
  row('control_ping sequential', seq, rawSeq);

  const many = pings(pingId, handle, batch);
  const rawPipe = await rate(batch, () => raw.roundTrip(many, pingReplyId, batch));
  const pipe = (await pipelinedPings(() => s.call('control_ping'))).perSecond;
  row(`control_ping pipelined, batches of ${batch}`, pipe, rawPipe);
  const rawCallsPipe = (await pipelinedPings(() => raw.call(one))).perSecond;
  rowCalls(`control_ping pipelined, batches of ${batch}`, pipe, rawCallsPipe);

  // A sliding window: each reply lets one more call go, so client and server work overlap.
  const total = batch * 20;
  const rawWin = await rate(total, () => raw.windowed(one, pingReplyId, batch, total));
  const win = (await windowedPings(() => s.call('control_ping'))).perSecond;
  row(`control_ping pipelined, window of ${batch}`, win, rawWin);
  const rawCallsWin = (await windowedPings(() => raw.call(one))).perSecond;
  rowCalls(`control_ping pipelined, window of ${batch}`, win, rawCallsWin);

  const created: number[] = [];
  if (opts.create > 0) {
    const t0 = performance.now();
    for (let done = 0; done < opts.create; done += batch) {
      const n = Math.min(batch, opts.create - done);
      const r = (await Promise.all(Array.from({ length: n }, () => s.call('create_loopback', {})))) as { sw_if_index: number }[];
      created.push(...r.map((x) => x.sw_if_index));
    }
    console.log(`  ${`create_loopback × ${opts.create}, pipelined`.padEnd(42)} session ${fmtRate((opts.create * 1000) / (performance.now() - t0)).padStart(10)}`);
  }
  const count = ((await s.call('sw_interface_dump')) as unknown[]).length;
  if (count > 1) {
    const dumpBytes = dumpFrames(ids.get('sw_interface_dump')!, pingId, handle);
    // The raw client waits for the control_ping_reply that ends the dump.
    const rawDump = await rate(count, () => raw.roundTrip(dumpBytes, pingReplyId, 1));
    const dump = await rate(count, () => s.call('sw_interface_dump'));
    row(`sw_interface_dump of ${count} interfaces`, dump, rawDump, 'details');
    const iter = await rate(count, async () => {
      for await (const d of s.iterate('sw_interface_dump')) void d;
    });
    row('  the same with iterate()', iter, rawDump, 'details');
  }

  if (socketArg && created.length) {
    for (let i = 0; i < created.length; i += batch) {
      await Promise.all(created.slice(i, i + batch).map((sw_if_index) => s.call('delete_loopback', { sw_if_index })));
    }
    console.log(`  deleted the ${created.length} loopbacks created`);
  }
  raw.close();
  await s.disconnect();
}

if (!(batch >= 1 && batch < WAITING_SLOTS)) throw new Error(`--batch ${batch}: expected 1 to ${WAITING_SLOTS - 1}`);
console.log(`Node ${process.version}, ${os.cpus().length} CPUs; ${ms} ms per figure`);
try {
  if (socketArg) {
    await run({ socketPath: socketArg, label: `VPP at ${socketArg}`, stop: async () => {} }, { create: interfaces, canned: false });
  } else {
    if (which === 'responder' || which === 'both') {
      const srv = await childServer('./client-responder.js', ['--interfaces', String(interfaces)], 'responder');
      try {
        if (!(compareOnly && arg('--baseline'))) await run(srv, { create: 0, canned: true });
        if (arg('--baseline')) await compareBuilds(srv, path.resolve(arg('--baseline')!));
      } finally {
        await srv.stop();
      }
    }
    if (which === 'emulator' || which === 'both') {
      const srv = await emulatorServer();
      try {
        await run(srv, { create: interfaces, canned: false });
      } finally {
        await srv.stop();
      }
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

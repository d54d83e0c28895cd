/**
 * The stats client over a real SOCK_SEQPACKET socket, against the emulator's stats
 * server in the same process (both sides non-blocking: neither may stall the other).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStats, sample, type SamplerEvent, type StatEntry } from '../../../src/client/stats/index.js';
import { openSession } from '../../../src/client/index.js';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';

const dir = mkdtempSync(join(tmpdir(), 'vppapi-stats-sock-'));
const apiSocket = join(dir, 'api.sock');
const statsSocket = join(dir, 'stats.sock');
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ socketPath: apiSocket, statsSocketPath: statsSocket, statsIntervalMs: 60_000, statsThreads: 2 });
  emu.stats!.tick();
});
afterAll(async () => {
  await emu.stop();
  rmSync(dir, { recursive: true, force: true });
});

const value = (entries: StatEntry[], n: string) => entries.find((e) => e.name === n)?.value;

describe('the stats socket', () => {
  it('hands over a segment whose directory has the /sys, /if, /err and /interfaces entries', async () => {
    const seg = await openStats({ socketPath: statsSocket });
    try {
      const { entries } = await seg.ls();
      const names = entries.map((e) => e.name);
      expect(names.slice(0, 3)).toEqual(['/sys/heartbeat', '/sys/last_stats_clear', '/sys/boottime']);
      for (const n of ['/if/rx', '/if/tx', '/if/drops', '/if/names', '/node/errors', '/err/null-node/blackholed packets', '/interfaces/local0/rx', '/sys/vector_rate', '/emulator/loop-latency-us']) expect(names).toContain(n);
      const read = await seg.read();
      expect(read.entries.filter((e) => e.error)).toEqual([]);
      expect(value(read.entries, '/if/names')).toEqual({ kind: 'names', names: ['local0'] });
      const rx = value(read.entries, '/if/rx');
      expect(rx?.kind === 'combined' && rx.rows.length).toBe(2);
      const boot = value(read.entries, '/sys/boottime');
      expect(boot?.kind === 'scalar' && Math.abs(Number(boot.value) - Date.now() / 1000)).toBeLessThan(120);
    } finally {
      seg.close();
    }
  });

  it('shows counters moving in place, and new interfaces under a new epoch', async () => {
    const seg = await openStats({ socketPath: statsSocket });
    try {
      const before = await seg.read((n) => n === '/if/rx' || n === '/sys/heartbeat');
      emu.stats!.tick();
      const after = await seg.read((n) => n === '/if/rx' || n === '/sys/heartbeat');
      expect(after.epoch).toBe(before.epoch);
      const hb = (r: typeof before) => (value(r.entries, '/sys/heartbeat') as { value: bigint }).value;
      expect(hb(after)).toBe(hb(before) + 1n);
      const p = (r: typeof before) => {
        const v = value(r.entries, '/if/rx');
        return v?.kind === 'combined' ? v.rows[0]!.packets[0]! : -1n;
      };
      expect(p(after) - p(before)).toBe(10n);
      const { session } = await openSession({ socketPath: apiSocket });
      await session.call('create_loopback', {});
      await session.disconnect();
      emu.stats!.tick();
      const grown = await seg.read((n) => n === '/if/names' || n.startsWith('/interfaces/loop0/'));
      expect(grown.epoch).toBeGreaterThan(before.epoch);
      expect(grown.entries[0]!.value).toEqual({ kind: 'names', names: ['local0', 'loop0'] });
      expect(grown.entries.filter((e) => e.name.startsWith('/interfaces/loop0/'))).toHaveLength(17);
    } finally {
      seg.close();
    }
  });

  it('is noticed by the sampler when the emulator restarts, which reattaches to the new segment', async () => {
    const events: SamplerEvent[] = [];
    let restarted = false;
    for await (const ev of sample({ open: () => openStats({ socketPath: statsSocket }), socketPath: statsSocket, intervalMs: 50, select: (n) => n === '/if/rx' })) {
      events.push(ev);
      if (!restarted && events.length === 2) {
        restarted = true;
        await emu.restart();
      }
      if (ev.kind === 'reattached' || events.length > 40) break;
    }
    const re = events.find((e) => e.kind === 'reattached');
    expect(re && re.kind === 'reattached' && re.reason).toMatch(/stats socket .* was (replaced|removed)|VPP is back/);
  });

  it('says what is wrong: no socket, a stale file, the API (stream) socket', async () => {
    await expect(openStats({ socketPath: join(dir, 'none.sock') })).rejects.toMatchObject({ code: 'ENOENT', message: expect.stringMatching(/^no stats socket at .*none\.sock/) });
    // A regular file where the socket should be is said to be one, not a stale socket.
    const plain = join(dir, 'plain.sock');
    writeFileSync(plain, '');
    await expect(openStats({ socketPath: plain })).rejects.toMatchObject({ code: 'ENOTSOCK', message: expect.stringMatching(/plain\.sock is a regular file, not a socket/) });
    await expect(openStats({ socketPath: apiSocket })).rejects.toMatchObject({ code: 'ENOTSOCK', message: expect.stringMatching(/not a SOCK_SEQPACKET stats socket/) });
    await expect(openStats({ socketPath: `/tmp/${'x'.repeat(120)}` })).rejects.toMatchObject({ code: 'ENAMETOOLONG' });
  });
});

function hasPython(): boolean {
  try {
    execFileSync('python3', ['-c', 'import socket; socket.SOCK_SEQPACKET'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.runIf(hasPython())('a SEQPACKET peer that is not VPP', () => {
  /** A python listener on `path` that answers each client with `answer` (python statements, `c` the connection). */
  async function peer(path: string, answer: string): Promise<() => void> {
    const py = execFile('python3', ['-c', [
      'import socket,os,array',
      `s=socket.socket(socket.AF_UNIX,socket.SOCK_SEQPACKET);s.bind(${JSON.stringify(path)});s.listen(4)`,
      'print("up",flush=True)',
      'while True:',
      '  c,_=s.accept()',
      ...answer.split('\n').map((l) => `  ${l}`),
      '  c.close()',
    ].join('\n')]);
    await new Promise((r) => py.stdout!.once('data', r));
    return () => void py.kill();
  }

  it('closes without a descriptor: EPROTO saying so', async () => {
    const path = join(dir, 'nofd.sock');
    const stop = await peer(path, 'pass');
    try {
      await expect(openStats({ socketPath: path, timeoutMs: 2000 })).rejects.toMatchObject({ code: 'EPROTO', message: expect.stringMatching(/closed the connection without a segment descriptor/) });
    } finally {
      stop();
    }
  });

  it('sends two descriptors: EPROTO, and neither is left open', async () => {
    const path = join(dir, 'twofd.sock');
    const stop = await peer(path, 'c.sendmsg([b""],[(socket.SOL_SOCKET,socket.SCM_RIGHTS,array.array("i",[0,1]))])');
    try {
      const open = () => readdirSync('/proc/self/fd').length;
      await openStats({ socketPath: path, timeoutMs: 2000 }).catch(() => {});
      const before = open();
      await expect(openStats({ socketPath: path, timeoutMs: 2000 })).rejects.toMatchObject({ code: 'EPROTO', message: expect.stringMatching(/more than one descriptor/) });
      expect(open()).toBe(before);
    } finally {
      stop();
    }
  });

  it('sends a descriptor of something that is not a segment: a clean error, no crash', async () => {
    const path = join(dir, 'devnull.sock');
    const stop = await peer(path, 'f=os.open("/dev/null",os.O_RDONLY)\nc.sendmsg([b""],[(socket.SOL_SOCKET,socket.SCM_RIGHTS,array.array("i",[f]))])\nos.close(f)');
    try {
      await expect(openStats({ socketPath: path, timeoutMs: 2000 })).rejects.toMatchObject({ code: 'ESEGMENT', message: expect.stringMatching(/too small for its 48-byte header/) });
    } finally {
      stop();
    }
  });
});

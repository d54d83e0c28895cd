/**
 * The targets library against a real sshd on 127.0.0.1 (test/support/sshd.ts) with
 * emulators behind it: forwarding, one master per host, ssh's own words on failure,
 * exec: children, and none of them left running.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSession } from '../../../src/client/session/connect.js';
import { splitCommand } from '../../../src/client/targets/argv.js';
import { liveChildren } from '../../../src/client/targets/children.js';
import { Connector } from '../../../src/client/targets/connector.js';
import { type ReachableTarget, parseTarget } from '../../../src/client/targets/parse.js';
import { type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { type TestSshd, sshdUnavailable, startSshd } from '../../support/sshd.js';

const RELAY = join(import.meta.dirname, '..', '..', 'support', 'stdio-relay.mjs');
const why = sshdUnavailable();
if (why) console.warn(`skipping the ssh target tests: ${why}`);

describe.skipIf(why !== undefined)('ssh:// and exec: targets through a real sshd', () => {
  let sshd: TestSshd;
  let dir: string;
  const emus: Emulator[] = [];
  let socks: string[] = [];

  beforeAll(async () => {
    sshd = await startSshd();
    dir = mkdtempSync(join(tmpdir(), 'vppapi-emus-'));
    socks = [join(dir, 'a.sock'), join(dir, 'b.sock')];
    for (const [i, s] of socks.entries()) emus.push(await startEmulator({ socketPath: s, version: `26.06-emu${i}` }));
  });
  afterAll(async () => {
    await Promise.all(emus.map((e) => e.stop()));
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const target = (text: string): ReachableTarget => parseTarget(text, { allowExec: true }) as ReachableTarget;
  const connector = (): Connector => new Connector({ ssh: splitCommand(sshd.sshCommand) });

  async function version(socketPath: string, dial?: Parameters<typeof openSession>[0]['dial']): Promise<string> {
    const { session } = await openSession({ socketPath, dial, useCache: false });
    try {
      return ((await session.call('show_version')) as { version: string }).version;
    } finally {
      await session.disconnect();
    }
  }

  test('two sockets on one host: one ssh login, two forwards, each reaching its own VPP', async () => {
    const c = connector();
    const before = sshd.log().split('Accepted publickey').length;
    try {
      const [a, b] = await Promise.all(socks.map((s) => c.open(target(sshd.url(s)), 10_000)));
      expect(a!.socketPath).not.toBe(b!.socketPath);
      expect(await version(a!.socketPath)).toBe('26.06-emu0');
      expect(await version(b!.socketPath)).toBe('26.06-emu1');
      expect(await version(a!.socketPath)).toBe('26.06-emu0'); // the forward is kept
      expect(c.sshConnections).toBe(1);
      expect(sshd.log().split('Accepted publickey').length - before).toBe(1);
    } finally {
      await c.close();
    }
    expect(liveChildren()).toBe(0);
  });

  test("a remote socket that is not there: ssh's words in the error", async () => {
    const c = connector();
    try {
      const ep = await c.open(target(sshd.url(join(dir, 'none.sock'))), 10_000);
      const err = await version(ep.socketPath).catch(async (e: unknown) => ep.explain(e));
      expect((err as Error).message).toMatch(/cannot connect through ssh to .*none\.sock on 127\.0\.0\.1: .*open failed/);
      expect((err as { code: string }).code).toBe('ECONNECT');
    } finally {
      await c.close();
    }
  });

  test('a login that fails reports ssh\'s stderr and leaves no child', async () => {
    const c = new Connector({ ssh: ['ssh', '-F', sshd.clientConfig, '-o', 'IdentityFile=/nonexistent', '-o', 'IdentitiesOnly=yes', '-o', `IdentityAgent=none`] });
    // The config's own IdentityFile is read first: a user nobody may log in as fails instead.
    const t = target(`ssh://nobody-here@127.0.0.1:${sshd.port}/x.sock`);
    await expect(c.open(t, 10_000)).rejects.toThrow(/ssh exited with status 255 before the connection was up: .*Permission denied/);
    await c.close();
    expect(liveChildren()).toBe(0);
  });

  test('an unknown host key is refused by OpenSSH (checking stays on)', async () => {
    const c = new Connector({ ssh: ['ssh', '-F', sshd.clientConfig, '-o', `UserKnownHostsFile=${join(dir, 'empty_known_hosts')}`] });
    await expect(c.open(target(sshd.url(socks[0]!)), 10_000)).rejects.toThrow(/Host key verification failed/);
    await c.close();
  });

  test('exec: runs the command with an argv; its stdio is the socket', async () => {
    const c = connector();
    try {
      const ep = await c.open(target(`exec:${process.execPath} ${RELAY} ${socks[1]}`), 5000);
      expect(await version(ep.socketPath, ep.dial)).toBe('26.06-emu1');
      // Each connection is a new child; disconnecting ends it.
      expect(await version(ep.socketPath, ep.dial)).toBe('26.06-emu1');
    } finally {
      await c.close();
    }
    expect(liveChildren()).toBe(0);
  });

  test("exec: a failing command's status and stderr are the error", async () => {
    const c = connector();
    try {
      const ep = await c.open(target(`exec:${process.execPath} ${RELAY} --fail 'pod vpp-7 not found' 3`), 5000);
      const err = await version(ep.socketPath, ep.dial).catch(async (e: unknown) => ep.explain(e));
      expect((err as Error).message).toMatch(/the command exited with status 3: pod vpp-7 not found/);
      const missing = await c.open(target('exec:/nonexistent/kubectl exec'), 5000);
      await expect(version(missing.socketPath, missing.dial)).rejects.toThrow(/cannot start \/nonexistent\/kubectl: no such program/);
    } finally {
      await c.close();
    }
  });

  test('close() removes the private directories', async () => {
    const c = connector();
    await c.open(target(sshd.url(socks[0]!)), 10_000);
    const mine = readdirSync(tmpdir()).filter((n) => n.startsWith('vppapi-ssh-'));
    expect(mine.length).toBeGreaterThan(0);
    await c.close();
    const after = readdirSync(tmpdir()).filter((n) => n.startsWith('vppapi-ssh-'));
    expect(after.filter((n) => mine.includes(n))).toEqual([]);
  });
});

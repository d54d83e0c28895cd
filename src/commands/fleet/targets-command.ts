/**
 * `vppapi targets [--check]`: the targets file's targets and groups; with --check each
 * target (or those --target names) is reached, in parallel, and reports its VPP version,
 * its message count and the round trip of a control_ping, or why it cannot be reached.
 *
 * | column    | meaning                                                    |
 * |-----------|------------------------------------------------------------|
 * | target    | its name (or the target text given with --target)          |
 * | url       | where it is                                                |
 * | groups    | the groups it belongs to                                   |
 * | vpp       | show_version's version (--check)                           |
 * | messages  | the size of its message table (--check)                    |
 * | rtt       | one control_ping round trip, in ms (--check)               |
 * | error     | why it could not be checked (--check)                      |
 */
import { builtinSources } from '../../client/schema/builtin/index.js';
import { loadSchema } from '../../client/schema/load.js';
import { Session } from '../../client/session/session.js';
import { vppVersion } from '../../client/session/vpp-version.js';
import type { TargetEntry, TargetsFile } from '../../client/targets/config.js';
import { Connector } from '../../client/targets/connector.js';
import { resolveTargets } from '../../client/targets/resolve.js';
import { CliError, exitCodeFor } from '../runtime/errors.js';
import { EXIT } from '../runtime/exit-codes.js';
import { type Runtime, sshCommand } from '../runtime/runtime.js';
import { DEFAULT_PARALLEL, limited } from './limit.js';
import { targetsFile } from './select.js';

interface Row {
  target: string;
  url: string;
  groups: string[];
  vpp?: string | null;
  messages?: number;
  rtt_ms?: number;
  error?: string;
}

export async function run(rt: Runtime, _args: string[], opts: Record<string, unknown>): Promise<number> {
  const g = rt.globals;
  const file = targetsFile(g, rt.io.env);
  const entries = g.target?.length ? resolveTargets(g.target, file) : [...(file?.targets.values() ?? [])];
  if (entries.length === 0) {
    throw new CliError(`no targets: ${file ? `${file.path} defines none` : 'there is no targets file'}`, EXIT.USAGE, 'write one (see vppapi targets --help), or name targets with --target');
  }
  const rows = entries.map((e) => ({ target: e.name, url: e.url, groups: groupsOf(file, e.name) }) as Row);
  let code: number = EXIT.OK;
  if (opts.check) {
    const connector = new Connector({ ssh: sshCommand(rt.io.env), env: rt.io.env as NodeJS.ProcessEnv });
    try {
      const results = limited(entries, g.parallel ?? DEFAULT_PARALLEL, (e) => checkOne(e, connector, e.timeoutMs ?? g.timeoutMs));
      for (const [i, r] of (await Promise.all(results)).entries()) {
        Object.assign(rows[i]!, r.row);
        if (code === EXIT.OK && r.code !== EXIT.OK) code = r.code;
      }
    } finally {
      await connector.close();
    }
  }
  const p = rt.printer();
  if (p.mode !== 'human') {
    if (p.mode === 'json') p.data(rows);
    else for (const r of rows) p.data(r);
  } else {
    const head = opts.check ? ['target', 'url', 'vpp', 'messages', 'rtt', 'error'] : ['target', 'url', 'groups'];
    const cells = rows.map((r) =>
      opts.check
        ? [r.target, r.url, r.vpp ?? '', r.messages?.toString() ?? '', r.rtt_ms !== undefined ? `${r.rtt_ms.toFixed(1)} ms` : '', r.error ?? '']
        : [r.target, r.url, r.groups.join(',')],
    );
    await p.table(head, cells);
    if (file && !opts.check && file.groups.size > 0) {
      for (const [name, members] of file.groups) p.line(`group ${name}: ${members.join(', ')}`);
    }
  }
  return code;
}

function groupsOf(file: TargetsFile | undefined, name: string): string[] {
  return [...(file?.groups ?? [])].filter(([, members]) => members.includes(name)).map(([g]) => g);
}

/** Reaches one target with the built-in definitions (enough for the version and a ping). Never rejects. */
async function checkOne(e: TargetEntry, connector: Connector, timeoutMs: number): Promise<{ row: Partial<Row>; code: number }> {
  let session: Session | undefined;
  try {
    const ep = await connector.open(e.target, timeoutMs, e.name);
    session = new Session({ socketPath: ep.socketPath, dial: ep.dial, schema: loadSchema(builtinSources(), { tolerant: true }).schema, timeoutMs, connectTimeoutMs: timeoutMs });
    try {
      await session.connect();
    } catch (err) {
      throw await ep.explain(err);
    }
    const t0 = performance.now();
    await session.call('control_ping');
    const rtt = performance.now() - t0;
    const vpp = (await vppVersion(session)) ?? null;
    return { row: { vpp, messages: session.table.size, rtt_ms: Math.round(rtt * 10) / 10 }, code: EXIT.OK };
  } catch (err) {
    return { row: { error: (err as Error).message }, code: exitCodeFor(err) };
  } finally {
    await session?.disconnect().catch(() => {});
  }
}

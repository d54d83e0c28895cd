/**
 * api diff on the real definitions of VPP 25.10, 26.02 and 26.06, cross-checked by a
 * naive reader in test/ (support/oracle/api-crcs.ts), and against the figures known for
 * 26.02 → 26.06. Skipped (and counted as skipped) without ../shared.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { diffSchemas } from '../../../src/client/schema/diff/index.js';
import { loadApiDir } from '../../../src/client/schema/load.js';
import { naiveDiff, naiveMessages } from '../../support/oracle/api-crcs.js';
import { HAVE_SHARED, SHARED } from '../../support/shared.js';

const dir = (v: string): string => join(SHARED, 'vpp-api', v);
const names = (xs: { message: string }[]): string[] => xs.map((x) => x.message).sort();

describe.skipIf(!HAVE_SHARED)('real releases', () => {
  const pairs: [string, string][] = [['v25.10', 'v26.02'], ['v26.02', 'v26.06'], ['v25.10', 'v26.06']];
  test.each(pairs)('%s → %s: the same messages added, removed, changed and incompatible as the naive reader finds', (a, b) => {
    const d = diffSchemas(loadApiDir(dir(a)).schema, loadApiDir(dir(b)).schema);
    const want = naiveDiff(naiveMessages(dir(a)), naiveMessages(dir(b)));
    expect(names(d.messages.filter((m) => m.change === 'added'))).toEqual(want.added);
    expect(names(d.messages.filter((m) => m.change === 'removed'))).toEqual(want.removed);
    expect(names(d.messages.filter((m) => m.change === 'changed'))).toEqual(want.changed);
    expect(names(d.messages.filter((m) => m.incompatible))).toEqual(want.incompatible);
  });

  test('26.02 → 26.06: 88 added, 4 removed (avf), 7 changed, as the release data says', () => {
    const d = diffSchemas(loadApiDir(dir('v26.02')).schema, loadApiDir(dir('v26.06')).schema);
    expect(d.counts).toMatchObject({ added: 88, removed: 4, changed: 7 });
    expect(names(d.messages.filter((m) => m.change === 'removed'))).toEqual(['avf_create', 'avf_create_reply', 'avf_delete', 'avf_delete_reply']);
    expect(names(d.messages.filter((m) => m.change === 'changed'))).toEqual([
      'cnat_session_details', 'cnat_set_snat_policy', 'ikev2_profile_details', 'ikev2_set_ike_transforms',
      'sfdp_interface_input_set', 'sfdp_session_details', 'sfdp_tcp_session_details',
    ]);
    // What changed inside: a field of its own, a struct behind it, an enum's new value.
    const m = (n: string) => d.messages.find((x) => x.message === n)!;
    expect(m('sfdp_interface_input_set').fields).toEqual([{ field: 'is_ip6', change: 'added', new: 'u8' }]);
    expect(m('ikev2_set_ike_transforms').types).toEqual(['ikev2_ike_transforms']);
    const ike = d.types.find((t) => t.name === 'ikev2_ike_transforms')!;
    expect(ike.fields).toEqual([{ field: 'prf_alg', change: 'added', new: 'u8' }]);
    expect(ike.reaches).toEqual(['ikev2_profile_details', 'ikev2_set_ike_transforms']);
    expect(d.types.find((t) => t.name === 'cnat_snat_policies')!.values).toEqual([{ name: 'CNAT_POLICY_DNAT', change: 'added', new: 3 }]);
    // ikev2 messages are in progress: changed, but not incompatible.
    expect(m('ikev2_set_ike_transforms').incompatible).toBe(false);
    expect(m('avf_create').incompatible).toBe(true);
    // Deprecated in 26.06 with a _v2 beside them (same CRC: a status change).
    const dep = d.statusOnly.find((x) => x.message === 'wireguard_peer_add')!;
    expect(dep).toMatchObject({ status: { old: 'active', new: 'deprecated' }, successor: 'wireguard_peer_add_v2' });
    expect(d.statusOnly.find((x) => x.message === 'gre_tunnel_dump')!.successor).toBe('gre_tunnel_v2_dump');
    expect(d.modules).toContainEqual({ module: 'cnat', change: 'changed', oldVersion: '0.3.0', newVersion: '1.0.0' });
  });
});

/**
 * Completion inside FIB path text, through the engine with the built-in definitions
 * (ip_route_add_del's route.paths is a fib_path list): the next keyword of the path
 * grammar, interface names after `via` and where an interface may stand, and nothing where
 * a number or an address is due. Expected words are VPP's fib_types.api names as the text
 * form spells them (lower case, `-` for `_`, the shared prefix dropped).
 */
import { describe, expect, it } from 'vitest';
import { loadSchema } from '../../../src/client/schema/load.js';
import { schemaDefs } from '../../../src/commands/complete/defs.js';
import { type CompleteOptions, complete } from '../../../src/commands/complete/engine.js';
import { builtinSources } from '../../support/cli.js';

const defs = schemaDefs(loadSchema(builtinSources()).schema);
const live: CompleteOptions = { interfaces: async () => [{ index: 0, name: 'local0' }, { index: 1, name: 'loop0' }, { index: 2, name: 'loop1' }] };
const words = async (before: string[], partial: string, opts: CompleteOptions = live): Promise<string[]> =>
  (await complete(defs, ['ip_route_add_del', ...before], partial, opts)).candidates.map((c) => c.value);

const TYPES = ['normal', 'local', 'drop', 'udp-encap', 'bier-imp', 'icmp-unreach', 'icmp-prohibit', 'source-lookup', 'dvr', 'interface-rx', 'classify'];
const PROTOS = ['ip4', 'ip6', 'mpls', 'ethernet', 'bier'];
const FLAGS = ['resolve-via-attached', 'resolve-via-host', 'pop-pw-cw'];
const NUMBERED = ['labels', 'sw_if_index', 'table', 'weight', 'preference', 'via-label', 'obj_id', 'classify_table'];

describe('FIB path text', () => {
  it('after an address: the interfaces and the keywords still open, led by the text typed', async () => {
    const got = await words(['--route.paths'], 'via 10.0.0.2 ');
    // The address set the protocol and via is given: no protocol word, no second via.
    expect(new Set(got)).toEqual(new Set([...TYPES, ...FLAGS, ...NUMBERED, 'local0', 'loop0', 'loop1'].map((w) => `via 10.0.0.2 ${w}`)));
    expect(await words(['--route.paths'], 'via 10.0.0.2 lo')).toEqual(['via 10.0.0.2 local', 'via 10.0.0.2 local0', 'via 10.0.0.2 loop0', 'via 10.0.0.2 loop1']);
    expect(await words(['--route.paths'], 'via 10.0.0.2 loop')).toEqual(['via 10.0.0.2 loop0', 'via 10.0.0.2 loop1']);
  });

  it('the first word: every keyword and the interfaces; keywords in any case', async () => {
    expect(new Set(await words(['--route.paths'], ''))).toEqual(new Set(['via', ...TYPES, ...PROTOS, ...FLAGS, ...NUMBERED, 'local0', 'loop0', 'loop1']));
    expect(await words(['--route.paths'], 'Dr')).toEqual(['drop']);
    expect(await words(['--route.paths'], 'resolve-via-h')).toEqual(['resolve-via-host']);
  });

  it('after via: interface names (an address is typed, not offered); after a numbered keyword: nothing', async () => {
    expect(await words(['--route.paths'], 'via ')).toEqual(['via local0', 'via loop0', 'via loop1']);
    expect(await words(['--route.paths'], 'via 10.0.0.2 weight ')).toEqual([]);
    expect(await words(['--route.paths'], 'labels 1')).toEqual([]);
  });

  it('leaves out what is given: a type, a protocol, a flag, the interface', async () => {
    const got = await words(['--route.paths'], 'drop ip6 pop-pw-cw loop0 ');
    expect(new Set(got)).toEqual(new Set(['via', 'resolve-via-attached', 'resolve-via-host', ...NUMBERED.filter((w) => w !== 'sw_if_index')].map((w) => `drop ip6 pop-pw-cw loop0 ${w}`)));
    // `via loop0` names the interface: neither another interface nor sw_if_index.
    expect(await words(['--route.paths'], 'via loop0 lo')).toEqual(['via loop0 local']);
    expect(await words(['--route.paths'], 'via loop0 weight 2 sw')).toEqual([]);
    // The reader's other spellings count: obj-id is obj_id, already given.
    expect(await words(['--route.paths'], 'via 10.0.0.2 obj-id 3 obj')).toEqual([]);
    expect(await words(['--route.paths'], 'via 10.0.0.2 Obj-Id ')).toEqual([]);
  });

  it('inline after =, in name=value pairs, for one element, and without a session (keywords only)', async () => {
    expect(await words([], '--route.paths=via 10.0.0.2 loop')).toEqual(['--route.paths=via 10.0.0.2 loop0', '--route.paths=via 10.0.0.2 loop1']);
    expect(await words([], 'route.paths=via 10.0.0.2 loop', { ...live, repl: true })).toEqual(['route.paths=via 10.0.0.2 loop0', 'route.paths=via 10.0.0.2 loop1']);
    expect(await words(['--route.paths[1]'], 'via 10.0.0.2 loop')).toEqual(['via 10.0.0.2 loop0', 'via 10.0.0.2 loop1']);
    expect(await words(['--route.paths'], 'via 10.0.0.2 lo', {})).toEqual(['via 10.0.0.2 local']);
    const c = await complete(defs, ['ip_route_add_del', '--route.paths'], 'via 10.0.0.2 loop0 we', live);
    expect(c).toEqual({ candidates: [{ value: 'via 10.0.0.2 loop0 weight' }], noSpace: true, files: false });
  });
});

/**
 * The --json form's readable value (docs/json-form.md), on hand-built definitions: which
 * enum field selects a union (its discriminator, a sibling naming its members, an enclosing
 * struct's field as fib_path.proto selects nh.address), when the other members may be left
 * out (only when the rest of the union's bytes are zero), and fixed lists of structs
 * without their all-zero tail. Expected values are written out here.
 */
import { describe, expect, it } from 'vitest';
import { readableFields } from '../../../src/format/values/readable-value.js';
import { addressFamily, addressUnion, bytes, enumOf, field, fixed, ip4, ip4Address, ip6Address, scalar, struct, u32, u8, union } from '../../support/format-fixtures.js';

const v6 = (...head: number[]): Uint8Array => { const b = new Uint8Array(16); b.set(head); return b; };
// Address union without the 26.06 options (as 25.10 defines it): names only.
const plainUnion = union('address_union', [field('ip4', ip4Address), field('ip6', ip6Address)]);
const nhProto = enumOf('fib_path_nh_proto', [['FIB_API_PATH_NH_PROTO_IP4', 0], ['FIB_API_PATH_NH_PROTO_IP6', 1], ['FIB_API_PATH_NH_PROTO_MPLS', 2]]);
const label = struct('fib_mpls_label', [field('is_uniform', u8), field('label', u32), field('ttl', u8), field('exp', u8)]);
const nh = struct('fib_path_nh', [field('address', plainUnion), field('via_label', u32)]);
const path = [field('sw_if_index', u32), field('proto', nhProto), field('nh', nh), field('n_labels', u8), field('label_stack', label, fixed(3))];
const zeroLabel = { is_uniform: 0, label: 0, ttl: 0, exp: 0 };

describe('readableFields', () => {
  it('fib_path.proto selects nh.address one level down: IPv6 shows only ip6', () => {
    const v = { sw_if_index: 1, proto: 1, nh: { address: { ip4: ip4(0x20, 1, 0xd, 0xb8), ip6: v6(0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2) }, via_label: 0 }, n_labels: 0, label_stack: [zeroLabel, zeroLabel, zeroLabel] };
    expect(readableFields(v, path)).toEqual({ sw_if_index: 1, proto: 1, nh: { address: { ip6: v6(0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2) }, via_label: 0 }, n_labels: 0, label_stack: [] });
  });

  it('IPv4 with zero padding shows only ip4; with other bytes after it keeps both', () => {
    const clean = { proto: 0, nh: { address: { ip4: ip4(10, 0, 0, 2), ip6: v6(10, 0, 0, 2) } } };
    expect(readableFields(clean, path)).toEqual({ proto: 0, nh: { address: { ip4: ip4(10, 0, 0, 2) } } });
    const junk = { proto: 0, nh: { address: { ip4: ip4(10, 0, 0, 2), ip6: v6(10, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9) } } };
    expect(readableFields(junk, path)).toEqual(junk);
  });

  it('a tag selecting no member (MPLS) keeps every member', () => {
    const v = { proto: 2, nh: { address: { ip4: ip4(0, 0, 0, 0), ip6: v6() } } };
    expect(readableFields(v, path)).toEqual(v);
  });

  it('a sibling enum selects by discriminator, and by its value names without one', () => {
    const tagged = [field('af', addressFamily), field('un', addressUnion, scalar, { discriminator: 'af' })];
    expect(readableFields({ af: 1, un: { ip4: ip4(1, 2, 3, 4), ip6: v6(1, 2, 3, 4, 5) } }, tagged)).toEqual({ af: 1, un: { ip6: v6(1, 2, 3, 4, 5) } });
    const untagged = [field('af', addressFamily), field('un', plainUnion)];
    expect(readableFields({ af: 0, un: { ip4: ip4(1, 2, 3, 4), ip6: v6(1, 2, 3, 4) } }, untagged)).toEqual({ af: 0, un: { ip4: ip4(1, 2, 3, 4) } });
  });

  it('a union no enum names is left as it is', () => {
    const other = union('val', [field('a', u32), field('b', u8, fixed(4))]);
    const fields = [field('kind', enumOf('kind', [['K_X', 0], ['K_Y', 1]])), field('val', other)];
    const v = { kind: 0, val: { a: 5, b: bytes(0, 0, 0, 5) } };
    expect(readableFields(v, fields)).toEqual(v);
  });

  it('a fixed list of structs loses only its all-zero tail', () => {
    const v = { label_stack: [{ ...zeroLabel, label: 100 }, zeroLabel, { ...zeroLabel, ttl: 1 }] };
    expect(readableFields(v, path)).toEqual(v);
    const w = { label_stack: [{ ...zeroLabel, label: 100 }, zeroLabel, zeroLabel] };
    expect(readableFields(w, path)).toEqual({ label_stack: [{ is_uniform: 0, label: 100, ttl: 0, exp: 0 }] });
  });

  it('lists of paths: each element gets its own tag', () => {
    const list = [field('paths', struct('fib_path', path), fixed(2))];
    const v = { paths: [{ proto: 0, nh: { address: { ip4: ip4(10, 0, 0, 1), ip6: v6(10, 0, 0, 1) } } }, { proto: 1, nh: { address: { ip4: ip4(0x20, 1, 0, 0), ip6: v6(0x20, 1, 0, 0, 1) } } }] };
    expect(readableFields(v, list)).toEqual({ paths: [{ proto: 0, nh: { address: { ip4: ip4(10, 0, 0, 1) } } }, { proto: 1, nh: { address: { ip6: v6(0x20, 1, 0, 0, 1) } } }] });
  });
});

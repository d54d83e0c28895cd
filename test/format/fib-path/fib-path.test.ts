import { describe, expect, it } from 'vitest';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { loadSchema } from '../../../src/client/schema/load.js';
import { defaultRegistry } from '../../../src/format/type-formats/format-registry.js';

const schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in', module }))).schema;
const fibPathType = schema.types.get('fib_path')!;
const fmt = defaultRegistry.forType(fibPathType);
const ip4 = (...b: number[]) => Buffer.from(b);
const label = (l: number) => ({ is_uniform: 0, label: l, ttl: 0, exp: 0 });
const path = (over: Record<string, unknown>) => ({
  sw_if_index: 0xffffffff, table_id: 0, rpf_id: 0, weight: 1, preference: 0, type: 0, flags: 0, proto: 0,
  nh: { address: { ip4: ip4(0, 0, 0, 0), ip6: Buffer.alloc(16) }, via_label: 0, obj_id: 0, classify_table_index: 0 },
  n_labels: 0, label_stack: Array.from({ length: 16 }, () => label(0)), ...over,
});

describe('fib_path in tables and blocks', () => {
  it('reads as VPP shows a path: next hop by proto, interface, labels up to n_labels', () => {
    const via = path({ sw_if_index: 1, nh: { address: { ip4: ip4(10, 0, 0, 2), ip6: Buffer.concat([ip4(10, 0, 0, 2), Buffer.alloc(12)]) }, via_label: 0, obj_id: 0, classify_table_index: 0 } });
    expect(fmt.format(via, { short: true })).toBe('via 10.0.0.2 sw_if_index 1');
    expect(fmt.format(path({ type: 2 }), { short: true })).toBe('drop');
    const mpls = path({ sw_if_index: 2, weight: 3, n_labels: 2, label_stack: [label(100), label(200), ...Array.from({ length: 14 }, () => label(0))],
      nh: { address: { ip4: ip4(192, 0, 2, 1), ip6: Buffer.concat([ip4(192, 0, 2, 1), Buffer.alloc(12)]) }, via_label: 0, obj_id: 0, classify_table_index: 0 } });
    expect(fmt.format(mpls, { short: true })).toBe('via 192.0.2.1 sw_if_index 2 weight 3 labels 100/200');
    const v6 = Buffer.from('20010db8000000000000000000000001', 'hex');
    expect(fmt.format(path({ proto: 1, nh: { address: { ip4: v6.subarray(0, 4), ip6: v6 }, via_label: 0, obj_id: 0, classify_table_index: 0 } }), { short: true }))
      .toBe('via 2001:db8::1');
  });

  it('keeps the full struct in JSON form and for input', () => {
    const full = fmt.format(path({ type: 2 })) as Record<string, unknown>;
    expect(full.type).toBe('FIB_API_PATH_TYPE_DROP');
    expect((full.label_stack as unknown[]).length).toBe(16);
    expect(fmt.parse({ sw_if_index: 1, weight: 1 }, 'p')).toEqual({ sw_if_index: 1, weight: 1 });
  });
});

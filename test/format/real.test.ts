/**
 * The format layer over the real VPP 26.06 definitions and recorded frames: every message
 * gets formats, and every recorded frame survives codec → human JSON → codec unchanged.
 * Skipped when ../shared is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getCodec } from '../../src/client/codec/index.js';
import type { Field, MessageDef, Schema } from '../../src/client/schema/model.js';
import { readApiDir } from '../../src/client/schema/load.js';
import { resolveSchema } from '../../src/client/schema/resolve.js';
import { parseJson, stringifyJson } from '../../src/format/json/lossless-json.js';
import { FormatRegistry } from '../../src/format/type-formats/format-registry.js';
import { renderDetails } from '../../src/format/rendering/details.js';
import { renderMessage } from '../../src/format/rendering/render.js';
import { SHARED } from '../support/shared.js';

const shared = SHARED;
const apiDir = path.join(shared, 'vpp-api', 'v26.06');
const session = path.join(shared, 'captures', 'v26.06-session.jsonl');

interface Frame {
  dir: string;
  name: string;
  hex: string;
}

describe.skipIf(!existsSync(apiDir))('format layer on VPP 26.06 definitions', () => {
  // describe.skipIf still runs this body to collect the tests: load only when present.
  const schema: Schema = resolveSchema(existsSync(apiDir) ? readApiDir(apiDir).sources : [], { tolerant: true }).schema;
  const reg = new FormatRegistry();
  const byKey = new Map<string, MessageDef>([...schema.messages.values()].map((d) => [d.key, d]));
  const bodyField = (msg: string, name: string): Field => {
    const f = schema.messages.get(msg)?.bodyFields.find((x) => x.name === name);
    if (!f) throw new Error(`no ${msg}.${name} in the definitions`);
    return f;
  };

  it('builds a format with a placeholder and an expectation for every body field of every message', () => {
    let n = 0;
    for (const def of schema.messages.values()) {
      reg.forMessage(def);
      for (const f of def.bodyFields) {
        const v = reg.forField(f);
        expect(v.placeholder, `${def.name}.${f.name}`).not.toBe('');
        expect(v.expected, `${def.name}.${f.name}`).not.toBe('');
        n++;
      }
    }
    expect(n).toBeGreaterThan(4000);
  });

  it('recognises the special types where VPP uses them', () => {
    expect(reg.forField(bodyField('sw_interface_add_del_address', 'prefix')).placeholder).toBe('ip/len');
    expect(reg.forField(bodyField('create_loopback', 'mac_address')).placeholder).toBe('mac');
    expect(reg.forField(bodyField('ip_neighbor_add_del', 'neighbor')).placeholder).toBe('json');
    expect(reg.forField(bodyField('sw_interface_set_flags', 'flags')).placeholder).toBe('ADMIN_UP|LINK_UP');
    const route = reg.forField(bodyField('ip_route_add_del', 'route'));
    const v = route.parse({ prefix: '10.0.0.0/24', paths: [{ sw_if_index: 1, proto: 'ip4', nh: { address: { ip4: '10.0.0.1' } } }] }, 'route') as Record<string, unknown>;
    expect((v.prefix as { len: number }).len).toBe(24);
  });

  it('round-trips the all-zero value of every message through vat2 JSON', () => {
    let n = 0;
    for (const def of schema.messages.values()) {
      const codec = getCodec(schema, def.name);
      const bytes = codec.encode(1, {});
      const fmt = reg.forMessage(def);
      const back = fmt.parse(parseJson(stringifyJson(fmt.toJson(codec.decode(bytes)))), def.name);
      expect(Buffer.from(codec.encode(1, back)).toString('hex'), def.name).toBe(Buffer.from(bytes).toString('hex'));
      n++;
    }
    expect(n).toBeGreaterThan(1500);
  });

  it.skipIf(!existsSync(session))('turns every recorded frame into vat2 JSON and back into the same bytes', () => {
    const frames = readFileSync(session, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Frame);
    let checked = 0;
    for (const fr of frames) {
      const def = byKey.get(fr.name);
      if (!def) continue; // handshake frames are named without a CRC
      const codec = getCodec(schema, def.name);
      const payload = Buffer.from(fr.hex, 'hex');
      const decoded = codec.decode(payload);
      const fmt = reg.forMessage(def);
      const text = stringifyJson(fmt.toJson(decoded), { indent: 2 });
      const back = fmt.parse(parseJson(text, fr.name));
      const header: Record<string, unknown> = {};
      for (const f of def.fields) if (!def.bodyFields.includes(f)) header[f.name] = decoded[f.name];
      const again = codec.encode(payload.readUInt16BE(0), { ...header, ...back });
      expect(again.length, fr.name).toBeLessThanOrEqual(payload.length);
      expect(Buffer.from(again).toString('hex'), fr.name).toBe(payload.subarray(0, again.length).toString('hex'));
      checked++;
    }
    expect(checked).toBeGreaterThan(40);
  });

  it.skipIf(!existsSync(session))('renders the recorded replies and details within the width, without colour', () => {
    const frames = readFileSync(session, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Frame);
    const details = new Map<MessageDef, Record<string, unknown>[]>();
    for (const fr of frames) {
      const def = byKey.get(fr.name);
      if (!def || fr.dir !== 's2c') continue;
      const v = getCodec(schema, def.name).decode(Buffer.from(fr.hex, 'hex'));
      expect(renderMessage(def, v)).not.toContain('\x1b');
      if (def.name.endsWith('_details')) details.set(def, [...(details.get(def) ?? []), v]);
    }
    const ifs = [...details.keys()].find((d) => d.name === 'sw_interface_details');
    expect(ifs).toBeDefined();
    const some = renderDetails(ifs!, details.get(ifs!)!, { width: 100, columns: ['sw_if_index', 'interface_name', 'l2_address', 'flags', 'link_mtu'] });
    expect(some).toMatch(/^0 {12}local0 {10}00:00:00:00:00:00  0 {17}0$/m);
    for (const [def, rows] of details) {
      for (const width of [60, 80, 200]) {
        const out = renderDetails(def, rows, { width });
        expect(out).not.toContain('\x1b');
        for (const l of out.split('\n')) expect(Array.from(l).length).toBeLessThanOrEqual(width);
      }
    }
  });
});

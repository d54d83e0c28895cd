/**
 * Printer.messageNow: a reply that holds only `retval: 0` prints as any other reply, the
 * same text every time, each message its own (the printer keeps that text per message).
 * Expected texts are written out here.
 */
import { describe, expect, it } from 'vitest';
import { builtinModules } from '../../../src/client/schema/builtin/index.js';
import { loadSchema } from '../../../src/client/schema/load.js';
import { defaultGlobals } from '../../../src/commands/runtime/globals.js';
import { BufferWriter } from '../../../src/commands/runtime/io.js';
import { Printer, outputSettings } from '../../../src/commands/runtime/output.js';

const schema = loadSchema(builtinModules().map((module) => ({ origin: 'built-in' as const, module }))).schema;
const def = (name: string) => schema.messages.get(name)!;

function printer(output: 'human' | 'json' | 'jsonl'): { p: Printer; out: BufferWriter } {
  const out = new BufferWriter();
  const err = new BufferWriter();
  const g = { ...defaultGlobals({}), output };
  return { p: new Printer(out, err, outputSettings(g, { stdout: out, stderr: err, env: { NO_COLOR: '1' }, where: 'cli' } as never)), out };
}

describe('Printer.messageNow', () => {
  it('prints retval-only replies the same each time, each message as itself (human)', async () => {
    const { p, out } = printer('human');
    await p.message(def('sw_interface_set_flags_reply'), { retval: 0 });
    expect(p.messageNow(def('sw_interface_set_flags_reply'), { retval: 0 })).toBe(true);
    expect(p.messageNow(def('sw_interface_set_flags_reply'), { retval: 0 })).toBe(true);
    expect(p.messageNow(def('want_interface_events_reply'), { retval: 0 })).toBe(true);
    expect(out.text).toBe('retval: 0\n'.repeat(4));
  });

  it('names each message in JSON, and a reply with more fields is not taken for a retval-only one', () => {
    const { p, out } = printer('jsonl');
    p.messageNow(def('sw_interface_set_flags_reply'), { retval: 0 });
    p.messageNow(def('want_interface_events_reply'), { retval: 0 });
    p.messageNow(def('sw_interface_set_flags_reply'), { retval: 0 });
    p.messageNow(def('sw_interface_set_flags_reply'), { retval: -2 });
    p.messageNow(def('control_ping_reply'), { retval: 0, client_index: 1, vpe_pid: 42 });
    p.messageNow(def('control_ping_reply'), { retval: 0, client_index: 1, vpe_pid: 43 });
    expect(out.text.trimEnd().split('\n').map((l) => JSON.parse(l))).toEqual([
      { _msgname: 'sw_interface_set_flags_reply', _crc: 'e8d4e804', retval: 0 },
      { _msgname: 'want_interface_events_reply', _crc: 'e8d4e804', retval: 0 },
      { _msgname: 'sw_interface_set_flags_reply', _crc: 'e8d4e804', retval: 0 },
      { _msgname: 'sw_interface_set_flags_reply', _crc: 'e8d4e804', retval: -2 },
      { _msgname: 'control_ping_reply', _crc: 'f6b0b8ca', retval: 0, client_index: 1, vpe_pid: 42 },
      { _msgname: 'control_ping_reply', _crc: 'f6b0b8ca', retval: 0, client_index: 1, vpe_pid: 43 },
    ]);
  });
});

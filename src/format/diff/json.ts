/**
 * `api diff --json` / `--jsonl`: stable snake_case keys, null for what a side lacks.
 *
 * | key            | per message                                                    |
 * |----------------|----------------------------------------------------------------|
 * | message        | the name                                                       |
 * | module         | its module                                                     |
 * | change         | added, removed, changed (CRC), or status (same CRC, status changed) |
 * | old_crc, new_crc | 8 hex digits, null on the side without it                    |
 * | fields         | [{field, change, old, new}] of its own fields                  |
 * | types          | the changed types it reaches (details under `types` of the report) |
 * | status         | {old, new}: active, deprecated or in_progress (null: no such side) |
 * | incompatible   | VPP's CRC checker rule                                         |
 * | successor      | the likely replacement, or null                                |
 */
import type { FieldChange, MessageDiff, ModuleDiff, SchemaDiff, TypeDiff } from '../../client/schema/diff/index.js';
import type { DiffSides } from './table.js';

const fieldJson = (f: FieldChange): Record<string, unknown> => ({ field: f.field, change: f.change, old: f.old ?? null, new: f.new ?? null });

/** One message's object. Throws nothing. */
export function messageJson(m: MessageDiff): Record<string, unknown> {
  return {
    message: m.message,
    module: m.module,
    change: m.change === 'changed' && m.oldCrc === m.newCrc ? 'status' : m.change,
    old_crc: m.oldCrc ?? null,
    new_crc: m.newCrc ?? null,
    fields: m.fields.map(fieldJson),
    types: m.types,
    status: { old: m.status.old ?? null, new: m.status.new ?? null },
    incompatible: m.incompatible,
    successor: m.successor ?? null,
  };
}

function typeJson(t: TypeDiff): Record<string, unknown> {
  return {
    type: t.name, kind: t.kind, module: t.module, change: t.change, fields: t.fields.map(fieldJson),
    values: t.values.map((v) => ({ name: v.name, change: v.change, old: v.old ?? null, new: v.new ?? null })),
    target: t.target ?? null, reaches: t.reaches,
  };
}

const moduleJson = (m: ModuleDiff): Record<string, unknown> => ({ module: m.module, change: m.change, old_version: m.oldVersion ?? null, new_version: m.newVersion ?? null });

/** The whole report: sides, counts, messages (status-only changes after the rest), types, modules. Throws nothing. */
export function diffJson(d: SchemaDiff, sides: DiffSides): Record<string, unknown> {
  return {
    old: sides.old,
    new: sides.new,
    counts: { ...d.counts, status_only: d.statusOnly.length },
    messages: [...d.messages, ...d.statusOnly].map(messageJson),
    types: d.types.map(typeJson),
    modules: d.modules.map(moduleJson),
  };
}

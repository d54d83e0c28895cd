/**
 * The words of a diff shared by the table and the Markdown form: a field change,
 * a type change, a module's version, as one line of text each.
 */
import type { FieldChange, MessageDiff, ModuleDiff, TypeDiff, ValueChange } from '../../client/schema/diff/index.js';

/** `field is_ip6 added: u8`, `field mtu retyped: u16 → u32`, `field tag default: 0 → 1`. Throws nothing. */
export function fieldChangeText(f: FieldChange): string {
  switch (f.change) {
    case 'added': return `field ${f.field} added: ${f.new}`;
    case 'removed': return `field ${f.field} removed (was ${f.old})`;
    case 'moved': return `field ${f.field} moved: position ${f.old} → ${f.new}`;
    default: return `field ${f.field} ${f.change}: ${f.old} → ${f.new}`;
  }
}

/** `value CNAT_POLICY_DNAT added (3)`. Throws nothing. */
export function valueChangeText(v: ValueChange): string {
  if (v.change === 'added') return `value ${v.name} added (${v.new})`;
  if (v.change === 'removed') return `value ${v.name} removed (was ${v.old})`;
  return `value ${v.name} changed: ${v.old} → ${v.new}`;
}

/** What changed inside a type, one item each. Throws nothing. */
export function typeDetails(t: TypeDiff): string[] {
  if (t.change !== 'changed') return [`${t.change}`];
  const out = [...t.fields.map(fieldChangeText), ...t.values.map(valueChangeText)];
  if (t.target) out.push(`${t.kind === 'alias' ? 'target' : 'wire type'}: ${t.target.old} → ${t.target.new}`);
  if (out.length === 0) out.push(`kind ${t.kind}`);
  return out;
}

/** `1.0.0 → 1.1.0`, `added (0.1.0)`, `removed (was 1.0.0)`. Throws nothing. */
export function moduleVersionText(m: ModuleDiff | undefined, fallback: string | undefined): string {
  if (!m) return fallback ?? 'no version';
  if (m.change === 'added') return `added, ${m.newVersion ?? 'no version'}`;
  if (m.change === 'removed') return `removed, was ${m.oldVersion ?? 'no version'}`;
  return `${m.oldVersion ?? 'no version'} → ${m.newVersion ?? 'no version'}`;
}

/** `daab8ae2 → 7a78bf3f`, or the one side there is. Throws nothing. */
export function crcText(m: MessageDiff): string {
  if (m.oldCrc && m.newCrc) return m.oldCrc === m.newCrc ? m.newCrc : `${m.oldCrc} → ${m.newCrc}`;
  return m.newCrc ?? m.oldCrc ?? '';
}

/** What a message row says besides its CRC: status change, successor, incompatible. Throws nothing. */
export function messageNotes(m: MessageDiff): string[] {
  const out: string[] = [];
  if (m.incompatible) out.push('INCOMPATIBLE');
  if (m.statusChanged) out.push(`${m.status.old} → ${m.status.new}`);
  else if (m.change === 'added' && m.status.new !== 'active') out.push(`${m.status.new}`);
  else if (m.change !== 'added' && m.status.old !== 'active' && m.status.old) out.push(`was ${m.status.old}`);
  if (m.successor) out.push(`successor ${m.successor}`);
  return out;
}

/** The details of a changed message: its own field changes, then the changed types it reaches. Throws nothing. */
export function messageDetails(m: MessageDiff, types: ReadonlyMap<string, TypeDiff>): string[] {
  const out = m.fields.map(fieldChangeText);
  for (const name of m.types) {
    const t = types.get(name);
    if (t) out.push(`type ${name} (${t.kind}) ${t.change}`);
  }
  return out;
}

/** Messages grouped by module, modules sorted; each group's rows keep their order. Throws nothing. */
export function byModule<T extends { module: string }>(rows: readonly T[]): [string, T[]][] {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const g = m.get(r.module);
    if (g) g.push(r);
    else m.set(r.module, [r]);
  }
  return [...m].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

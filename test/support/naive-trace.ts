/**
 * A deliberately naive writer of VPP's binary API trace, from docs/trace.md §3–§4 alone, the
 * independent oracle for the reader. Imports nothing from src/. Every piece is built as
 * an array of numbers, one obvious rule per line, then glued.
 *
 * header: BE u32 nitems, BE u32 table size, u8 wrapped
 * table:  BE u32 count, then per entry varint id, varint name length, name bytes
 * record: BE u32 length, then the bytes
 * varint: x < 128 → [2x+1]; x < 16512 → u16 LE of 4(x-128)+2; x < 536887424 → u32 LE of
 *         8(x-16512)+4; else [0] + u64 LE of x
 */

export function be32(n: number): number[] {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
}

export function le(n: bigint, bytes: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < bytes; i++) out.push(Number((n >> BigInt(8 * i)) & 255n));
  return out;
}

export function naiveVarint(x: number): number[] {
  if (x < 128) return [2 * x + 1];
  if (x < 16512) return le(BigInt(4 * (x - 128) + 2), 2);
  if (x < 536887424) return le(BigInt(8 * (x - 16512) + 4), 4);
  return [0, ...le(BigInt(x), 8)];
}

export interface NaiveEntry {
  id: number;
  /** `<name>_<crc>` */
  key: string;
}

export function naiveTable(entries: NaiveEntry[]): number[] {
  const out = be32(entries.length);
  for (const e of entries) {
    const name = [...Buffer.from(e.key, 'latin1')];
    out.push(...naiveVarint(e.id), ...naiveVarint(name.length), ...name);
  }
  return out;
}

export interface NaiveTrace {
  entries: NaiveEntry[];
  records: number[][];
  wrapped?: boolean;
  /** Override the header's record count (to lie about it). */
  nitems?: number;
}

export function naiveTrace(t: NaiveTrace): Buffer {
  const table = naiveTable(t.entries);
  const out = [...be32(t.nitems ?? t.records.length), ...be32(table.length), t.wrapped ? 1 : 0, ...table];
  for (const r of t.records) out.push(...be32(r.length), ...r);
  return Buffer.from(out);
}

/** A request payload: BE u16 id, BE u32 client_index, BE u32 context, then `body`. */
export function naiveRequest(id: number, clientIndex: number, context: number, body: number[] = []): number[] {
  return [(id >> 8) & 255, id & 255, ...be32(clientIndex), ...be32(context), ...body];
}

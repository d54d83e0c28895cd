/**
 * Faults raised inside compiled closures carry the path from the failing field upward;
 * each struct and array level adds its segment as the fault passes, and the message
 * codec turns it into an EncodeError/DecodeError with the full path.
 */
export class FieldFault extends Error {
  /** Innermost first; reversed when the path is printed. */
  readonly segments: string[] = [];
  constructor(
    readonly detail: string,
    readonly value: unknown,
    readonly expected: string,
    readonly offset = -1,
  ) {
    super(detail);
  }
}

/** Adds `segment` to a passing FieldFault; anything else is a bug and passes unchanged. */
export function addSegment(e: unknown, segment: string): unknown {
  if (e instanceof FieldFault) e.segments.push(segment);
  return e;
}

/** `['address', 'nh', '[2]', 'paths', 'route']` → `route.paths[2].nh.address` */
export function faultPath(e: FieldFault): string {
  let s = '';
  for (let i = e.segments.length - 1; i >= 0; i--) {
    const seg = e.segments[i];
    s += seg.startsWith('[') || s === '' ? seg : `.${seg}`;
  }
  return s;
}

/** A short, safe rendering of a value for error messages. */
export function show(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (v instanceof Uint8Array) return `<${v.length} bytes>`;
  if (Array.isArray(v)) return `array(${v.length})`;
  if (v === undefined) return 'nothing';
  if (typeof v === 'object' && v !== null) return 'an object';
  return String(v);
}

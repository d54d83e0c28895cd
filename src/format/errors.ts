import { VppApiError } from '../client/errors.js';

/**
 * A value a person gave (flag text, `--args` JSON, a REPL word) cannot be read. The
 * message names where (`route.paths[2].nh.address`, or a flag such as `--prefix`), the
 * value as given and what was expected, then why:
 * `--prefix: "10.0.0.1/33" is not an IPv4 or IPv6 prefix (…): IPv4 prefix length must be 0..32`.
 */
export class FormatError extends VppApiError {
  readonly path: string;
  readonly value: unknown;
  readonly expected: string;
  readonly detail: string | undefined;
  /** Set when the value could be read with more context: `interfaces`, the interface table. */
  readonly needs: 'interfaces' | undefined;
  constructor(
    path: string,
    value: unknown,
    expected: string,
    detail?: string,
    options?: { cause?: unknown; message?: string; needs?: 'interfaces' },
  ) {
    const where = path === '' ? 'value' : path;
    const message =
      options?.message !== undefined
        ? `${where}: ${options.message}`
        : `${where}: ${describeValue(value)} is not ${expected}${detail ? `: ${detail}` : ''}`;
    super('EINPUT', message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.path = path;
    this.value = value;
    this.expected = expected;
    this.detail = detail;
    this.needs = options?.needs;
  }
}

/** `a.b` + `c` → `a.b.c`; `a.b` + 2 → `a.b[2]`; '' + `c` → `c`. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

const MAX_SHOWN = 80;

/** A value as the user wrote it, short enough for one error line. */
export function describeValue(v: unknown): string {
  let s: string;
  if (v === undefined) s = 'nothing';
  else if (typeof v === 'bigint') s = v.toString();
  else if (v instanceof Uint8Array) s = `0x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
  else {
    try {
      s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? String(v);
    } catch {
      s = String(v);
    }
  }
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN - 1)}…` : s;
}

import type { Reader, Writer } from './cursor.js';

/**
 * A compiled type. `fixed` is the wire size when it never varies, else -1 and `size`
 * computes it for a value. `write` takes `undefined` as "not given" (zero, or the
 * field's default, which the struct applies before calling). `min` is the smallest
 * wire size, used to refuse counts that cannot fit in what is left of a frame.
 */
export interface Node {
  readonly fixed: number;
  readonly min: number;
  size(v: unknown): number;
  write(w: Writer, v: unknown): void;
  read(r: Reader): unknown;
}

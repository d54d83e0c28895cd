import type { Field, FieldShape, MessageDef, TypeNode } from '../../client/schema/model.js';
import { arrayFormat, boolFormat, bytesFormat, enumFormat, f64Format, intFormat, specialFormat, stringFormat } from './generic.js';
import { type MessageFormat, messageFormat } from './message-format.js';
import { structFormat, unionFormat } from './objects.js';
import { builtinSpecials } from './specials.js';
import { unalias } from '../../client/schema/model.js';
import type { HumanOptions, SpecialFormat, ValueFormat } from '../values/value-format.js';

const SCALAR: FieldShape = { kind: 'scalar' };

function isU8(t: TypeNode): boolean {
  const u = unalias(t);
  return u.kind === 'base' && u.name === 'u8';
}

function shapeKey(s: FieldShape, limit: number | undefined): string {
  const k = s.kind === 'fixed' ? `f${s.length}` : s.kind[0];
  return limit === undefined ? k : `${k}<${limit}`;
}

/**
 * The table that drives flags, completion and output (STYLE principle 3): from a
 * resolved type (and the shape of the field holding it) to its ValueFormat. Special types
 * are looked up by type name (specials.ts), everything else by kind (generic.ts,
 * objects.ts). Formats are built on first use and cached per type node, so one registry
 * serves any number of schemas and forgets a schema with it.
 */
export class FormatRegistry {
  private readonly specials: Map<string, SpecialFormat>;
  private readonly cache = new WeakMap<TypeNode, Map<string, ValueFormat>>();
  private readonly messages = new WeakMap<MessageDef, MessageFormat>();

  constructor(specials: Iterable<[string, SpecialFormat]> = builtinSpecials) {
    this.specials = new Map(specials);
  }

  /** Counts the calls of register: what was worked out from the specials before is stale when it moved. */
  get revision(): number {
    return this.registered;
  }

  private registered = 0;

  /** Adds or replaces the special type `name` (bare name, e.g. `ip4_address`). Affects formats built after the call. */
  register(name: string, spec: SpecialFormat): this {
    this.specials.set(name, spec);
    this.registered++;
    return this;
  }

  /** The special entry that applies to `type`, if any. */
  specialFor(type: TypeNode): SpecialFormat | undefined {
    if (type.kind !== 'alias' && type.kind !== 'struct' && type.kind !== 'union') return undefined;
    const s = this.specials.get(type.name);
    return s?.matches(type) ? s : undefined;
  }

  /** The format of a field: its type, its shape, and its `limit` option for strings. */
  forField(field: Field): ValueFormat {
    return this.forType(field.type, field.shape, field.options.limit);
  }

  /** The format of a value of `type` held in a field of `shape` (scalar by default). */
  forType(type: TypeNode, shape: FieldShape = SCALAR, limit?: number): ValueFormat {
    let m = this.cache.get(type);
    if (!m) this.cache.set(type, (m = new Map()));
    const key = shapeKey(shape, limit);
    let f = m.get(key);
    if (!f) m.set(key, (f = this.build(type, shape, limit)));
    return f;
  }

  /** Body fields of a message, with vat2's `_msgname`/`_crc` (message.ts). */
  forMessage(def: MessageDef): MessageFormat {
    let f = this.messages.get(def);
    if (!f) this.messages.set(def, (f = messageFormat(def, this)));
    return f;
  }

  private build(type: TypeNode, shape: FieldShape, limit: number | undefined): ValueFormat {
    const u = unalias(type);
    if (shape.kind !== 'scalar') {
      const fixed = shape.kind === 'fixed' ? shape.length : undefined;
      if (u.kind === 'string') {
        const max = fixed === undefined ? limit : Math.min(fixed - 1, limit ?? Infinity);
        return stringFormat(max);
      }
      if (isU8(u)) return bytesFormat(fixed === undefined ? {} : { max: fixed });
      return arrayFormat(this.forType(type), fixed, u.kind === 'struct' || u.kind === 'union');
    }
    const spec = this.specialFor(type);
    if (spec) return specialFormat(spec, type, this.generic(type, limit));
    return this.generic(type, limit);
  }

  private generic(type: TypeNode, limit: number | undefined): ValueFormat {
    switch (type.kind) {
      case 'alias':
        if (type.length === undefined) return this.forType(type.target, SCALAR, limit);
        if (isU8(type.target)) return bytesFormat({ exact: type.length });
        return arrayFormat(this.forType(type.target), type.length);
      case 'base':
        if (type.name === 'bool') return boolFormat;
        if (type.name === 'f64') return f64Format;
        return intFormat(type.name);
      case 'string':
        return stringFormat(limit);
      case 'enum':
        return enumFormat(type);
      case 'struct':
        return structFormat(type.name, type.fields, (f) => this.forField(f));
      case 'union':
        return unionFormat(type, (f) => this.forField(f));
    }
  }
}

/** A registry with the built-in special types, for callers that need no other. */
export const defaultRegistry = new FormatRegistry();

/**
 * Codec value → human form (value-format.ts table) with the default registry.
 * Never throws.
 */
export function toHuman(type: TypeNode, shape: FieldShape, value: unknown, opts?: HumanOptions): unknown {
  return defaultRegistry.forType(type, shape).format(value, opts);
}

/**
 * Human input → codec value form with the default registry.
 * @throws FormatError naming `path`, the input and what was expected.
 */
export function fromHuman(type: TypeNode, shape: FieldShape, input: unknown, path: string): unknown {
  return defaultRegistry.forType(type, shape).parse(input, path);
}

/**
 * What `api diff` finds between two resolved schemas (old → new). Pure data: the
 * comparison is in diff.ts, the rendering in src/format/diff/.
 */

export type Change = 'added' | 'removed' | 'changed';

/** A message's status from its options: `deprecated`, `status: in_progress` (or `in_progress`), else active. */
export type MessageStatus = 'active' | 'deprecated' | 'in_progress';

/**
 * One difference of a field of a message or type, by field name.
 *
 * | change   | when                                                                  |
 * |----------|-----------------------------------------------------------------------|
 * | added    | only the new definition has it                                        |
 * | removed  | only the old one has it                                               |
 * | retyped  | another type (name or kind), or a scalar became an array or back      |
 * | resized  | same element type, another length (`u8[16]` → `u8[32]`, fixed → counted) |
 * | moved    | both have it, in another order among the fields both have (wire layout) |
 * | default  | the `default` option differs                                          |
 * | options  | any other field option differs (`limit`, `discriminator`, ...)         |
 */
export interface FieldChange {
  field: string;
  change: 'added' | 'removed' | 'retyped' | 'resized' | 'moved' | 'default' | 'options';
  /** The old side, as text (`u32`, `string[64]`, `interface_index`, a default's value). */
  old?: string;
  new?: string;
}

/** An enum or enumflags member added, removed, or given another value. */
export interface ValueChange {
  name: string;
  change: Change;
  old?: number;
  new?: number;
}

/** A type (struct, union, enum, enumflags, alias) whose own definition differs. */
export interface TypeDiff {
  name: string;
  /** `struct`, `union`, `enum`, `enumflags`, `alias`; `old → new` text when the kind itself changed. */
  kind: string;
  module: string;
  change: Change;
  fields: FieldChange[];
  values: ValueChange[];
  /** Alias target or length, as `old → new` text, when that changed. */
  target?: { old: string; new: string };
  /** Messages of either side whose fields reach this type (directly or through other types), sorted. */
  reaches: string[];
}

export interface MessageDiff {
  message: string;
  module: string;
  change: Change;
  oldCrc?: string;
  newCrc?: string;
  /** Differences of the message's own fields (changed messages only). */
  fields: FieldChange[];
  /** Changed types this message reaches (see SchemaDiff.types), sorted. */
  types: string[];
  /** Status on each side (absent for the side without the message). */
  status: { old?: MessageStatus; new?: MessageStatus };
  statusChanged: boolean;
  /** VPP's CRC checker rule: removed or changed, module version ≥ 1.0, not deprecated or in progress (old side). */
  incompatible: boolean;
  /** For a removed or deprecated message: the likely replacement in the new definitions. */
  successor?: string;
}

export interface ModuleDiff {
  module: string;
  /** `changed`: the version differs. */
  change: Change;
  oldVersion?: string;
  newVersion?: string;
}

export interface SchemaDiff {
  /** Added, removed and changed (by CRC) messages, by module then name. */
  messages: MessageDiff[];
  /** Messages with the same CRC on both sides whose status changed. */
  statusOnly: MessageDiff[];
  types: TypeDiff[];
  modules: ModuleDiff[];
  counts: { added: number; removed: number; changed: number; incompatible: number; types: number; unchanged: number };
}

/**
 * TypeScript names for VPP's definitions: PascalCase for types and messages
 * (`sw_interface_details` → `SwInterfaceDetails`), unique across the whole set, and
 * stable for a given set (decided in name order, types before messages). Throws nothing.
 */

/** `ip4_address` → `Ip4Address`; a name that would not start with a letter gets `T`. */
export function pascal(name: string): string {
  const p = name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
  return /^[A-Za-z]/.test(p) ? p : `T${p}`;
}

/** Names TypeScript reserves for its own types, or that generated code uses itself. */
const RESERVED = new Set(['Array', 'Uint8Array', 'Record', 'Partial', 'Readonly', 'Object', 'String', 'Number', 'Boolean', 'Symbol', 'Date', 'Error', 'Map', 'Set', 'Promise', 'Function', 'VppApi', 'VppApiBindings']);

/**
 * The identifier of every type and message. A clash (two VPP names spelled alike in
 * PascalCase, or a reserved name) is settled by a suffix: `Type` for types, `Message`
 * for messages, then a number.
 */
export class NameTable {
  readonly types = new Map<string, string>();
  readonly messages = new Map<string, string>();
  private readonly taken = new Set<string>(RESERVED);

  constructor(typeNames: Iterable<string>, messageNames: Iterable<string>) {
    for (const n of [...typeNames].sort()) this.types.set(n, this.claim(pascal(n), 'Type'));
    for (const n of [...messageNames].sort()) this.messages.set(n, this.claim(pascal(n), 'Message'));
  }

  /** Input forms are `<name>Input`: those must not clash either. */
  private claim(base: string, suffix: string): string {
    const free = (x: string): boolean => !this.taken.has(x) && !this.taken.has(`${x}Input`) && !this.taken.has(`${x}Name`);
    let name = base;
    if (!free(name)) name = `${base}${suffix}`;
    for (let i = 2; !free(name); i++) name = `${base}${suffix}${i}`;
    this.taken.add(name);
    this.taken.add(`${name}Input`);
    this.taken.add(`${name}Name`);
    return name;
  }
}

/** A property key: bare when it is an identifier, quoted otherwise. */
export function propKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/**
 * The file (without `.ts`) of module `m`: its name, but never `index` (the file that
 * re-exports them all) and nothing but letters, digits, `_`, `-` and `.`.
 */
export function moduleFile(m: string): string {
  const safe = m.replace(/[^A-Za-z0-9_.-]/g, '_');
  return safe === 'index' ? 'index_module' : safe;
}

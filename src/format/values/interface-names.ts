/**
 * Interface names ⇄ sw_if_index, as a `sw_interface_dump` reports them, for values whose
 * text names an interface (a FIB path `via 10.0.0.2 loop0`). Names are matched exactly
 * first, then without regard to case when that picks one interface.
 */
export class InterfaceTable {
  private readonly byIndex = new Map<number, string>();
  private readonly byName = new Map<string, number>();
  private readonly byUpper = new Map<string, number[]>();

  constructor(entries: Iterable<readonly [number, string]>) {
    for (const [index, name] of entries) {
      if (name === '') continue;
      this.byIndex.set(index, name);
      this.byName.set(name, index);
      const up = name.toUpperCase();
      this.byUpper.set(up, [...(this.byUpper.get(up) ?? []), index]);
    }
  }

  /** From decoded `sw_interface_details` (fields `sw_if_index`, `interface_name`); other rows are skipped. */
  static fromDetails(rows: Iterable<Record<string, unknown>>): InterfaceTable {
    const entries: [number, string][] = [];
    for (const r of rows) {
      if (typeof r.sw_if_index === 'number' && typeof r.interface_name === 'string') entries.push([r.sw_if_index, r.interface_name]);
    }
    return new InterfaceTable(entries);
  }

  nameOf(index: number): string | undefined {
    return this.byIndex.get(index);
  }

  /** The index of `name` (exact, else the one case-insensitive match), or undefined. */
  indexOf(name: string): number | undefined {
    const exact = this.byName.get(name);
    if (exact !== undefined) return exact;
    const loose = this.byUpper.get(name.toUpperCase());
    return loose?.length === 1 ? loose[0] : undefined;
  }

  /** Every name, in index order. */
  names(): string[] {
    return this.entries().map(([, n]) => n);
  }

  /** Every interface as [index, name], in index order. */
  entries(): [number, string][] {
    return [...this.byIndex].sort((a, b) => a[0] - b[0]);
  }
}

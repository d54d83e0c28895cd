/**
 * A request's flag table as its lines meet it: each spelling (`--sw-if-index`,
 * `--sw_if_index`, `--route.paths[1].sw-if-index`) resolved to its field once, so that a
 * script of 20,000 lines of one message looks each flag up once. What a spelling
 * resolves to depends on the definition alone, so the table lives on the request plan.
 */
import type { MessageDef } from '../../client/schema/model.js';
import type { FormatRegistry } from '../../format/type-formats/format-registry.js';
import { type FlagLookup, type FlagTarget, kebab, messageFlags, resolveFlag } from '../request/flags.js';

/** A word that names a field (typed without `=`): its target, the target's path key, and whether it is a negation (`--no-x`). */
export interface FieldWord {
  readonly target: FlagTarget;
  readonly key: string;
  readonly negated: boolean;
  /** A top-level field that takes one value: its value goes straight into the request. */
  readonly top: boolean;
}

export class FlagTable {
  /** The body fields in kebab case: a field of the name of a request option (`--force`) wins over it. */
  readonly fieldNames: ReadonlySet<string>;
  private readonly lookups = new Map<string, FlagLookup>();
  private readonly words = new Map<string, FieldWord>();
  private knownNames: string[] | undefined;

  constructor(
    readonly def: MessageDef,
    readonly registry: FormatRegistry,
    private readonly fillsPid: boolean,
  ) {
    this.fieldNames = new Set(def.bodyFields.map((f) => kebab(f.name)));
  }

  /** What `bare` (a flag without dashes, lower case, `_` as `-`) names. Throws nothing. */
  lookup(bare: string): FlagLookup {
    let l = this.lookups.get(bare);
    if (!l) {
      l = resolveFlag(this.def, bare, this.registry, () => this.known());
      this.lookups.set(bare, l);
    }
    return l;
  }

  /** Every flag's name, for "did you mean" (built only when a flag is not found). */
  private known(): string[] {
    return (this.knownNames ??= messageFlags(this.def, this.registry, this.fillsPid).map((f) => f.name));
  }

  /** The field a word typed without `=` names, when that word was met before. */
  word(typed: string): FieldWord | undefined {
    return this.words.get(typed);
  }

  /** Keeps what word `typed` (no `=`) names, for the next line. */
  remember(typed: string, target: FlagTarget, key: string, negated: boolean): void {
    const top = target.path.length === 1 && target.kind !== 'list';
    this.words.set(typed, { target, key, negated, top });
  }
}

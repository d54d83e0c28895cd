/**
 * The messages of a partial load (lazy.ts, through resolveSchema's `now`): a map whose
 * entries are built on first use. A single call or a script names a few messages, and
 * the files that define them carry a hundred more (interface.api.json: 104 with memclnt):
 * building all of them cost every start ~4 ms and ~0.5 MB of young objects, most of it
 * for messages never asked for.
 *
 * It reads as the map an eager build makes: `get` and `has` answer for every message of
 * the sources; anything that reads the map whole (size, iteration, forEach) first builds
 * the rest, in the sources' order, which the map then keeps. A message that does not
 * build throws its SchemaError where it is asked for (an eager build threw it at load).
 */
import type { MessageDef } from './model.js';

export class LazyMessages extends Map<string, MessageDef> {
  /** Messages not built yet, by name, in the sources' order; emptied by whole(). */
  private readonly waiting: Map<string, () => MessageDef>;
  /** Every name in the sources' order (the order an eager build inserts them in). */
  private readonly order: readonly string[];

  /** `build` holds every message's builder, in the sources' order. Throws nothing. */
  constructor(build: Map<string, () => MessageDef>) {
    super();
    this.waiting = build;
    this.order = [...build.keys()];
  }

  /** @throws SchemaError when the message is defined but does not build. */
  override get(name: string): MessageDef | undefined {
    const done = super.get(name);
    if (done !== undefined) return done;
    const make = this.waiting.get(name);
    if (make === undefined) return undefined;
    const def = make();
    this.waiting.delete(name);
    super.set(name, def);
    return def;
  }

  override has(name: string): boolean {
    return super.has(name) || this.waiting.has(name);
  }

  /** @throws SchemaError for the first message that does not build. */
  override get size(): number {
    this.whole();
    return super.size;
  }

  /** @throws SchemaError for the first message that does not build. */
  override keys(): MapIterator<string> {
    this.whole();
    return super.keys();
  }

  /** @throws SchemaError for the first message that does not build. */
  override values(): MapIterator<MessageDef> {
    this.whole();
    return super.values();
  }

  /** @throws SchemaError for the first message that does not build. */
  override entries(): MapIterator<[string, MessageDef]> {
    this.whole();
    return super.entries();
  }

  /** @throws SchemaError for the first message that does not build. */
  override [Symbol.iterator](): MapIterator<[string, MessageDef]> {
    return this.entries();
  }

  /** @throws SchemaError for the first message that does not build; what `fn` throws. */
  override forEach(fn: (value: MessageDef, key: string, map: Map<string, MessageDef>) => void, thisArg?: unknown): void {
    this.whole();
    super.forEach(fn, thisArg);
  }

  override delete(name: string): boolean {
    const waited = this.waiting.delete(name);
    return super.delete(name) || waited;
  }

  override clear(): void {
    this.waiting.clear();
    super.clear();
  }

  override set(name: string, def: MessageDef): this {
    this.waiting.delete(name);
    return super.set(name, def);
  }

  /** Builds what waits and puts every entry in the sources' order. @throws SchemaError as get(). */
  private whole(): void {
    if (this.waiting.size === 0) return;
    const all = this.order.map((n) => [n, this.get(n)] as const).filter((e): e is readonly [string, MessageDef] => e[1] !== undefined);
    const named = new Set(this.order);
    const extra = [...super.entries()].filter(([n]) => !named.has(n));
    super.clear();
    for (const [n, d] of [...all, ...extra]) super.set(n, d);
  }
}

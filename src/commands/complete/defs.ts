/**
 * What completion needs to know about the definitions: names for the command word, and
 * one message's definition for its flags and values. Two sources: a resolved Schema (the
 * REPL's session), or raw modules read without resolving them all (the hidden
 * `__complete` command, where each Tab press is a new process: shell-definitions.ts).
 */
import type { MessageDef, Schema } from '../../client/schema/model.js';

export interface CompletionDefs {
  /** Requests (messages with a service), sorted. */
  requests(): readonly string[];
  /** Every message name, sorted. */
  messages(): readonly string[];
  /** Module names, sorted. */
  modules(): readonly string[];
  /** Requests that register for events (`want_*`), sorted. */
  wants(): readonly string[];
  /** The definition of `name`, if any. Throws nothing. */
  message(name: string): MessageDef | undefined;
}

const sorted = (it: Iterable<string>): string[] => [...new Set(it)].sort();

const bySchema = new WeakMap<Schema, CompletionDefs>();

/** Completion over a resolved schema (lists built on first use, kept per schema). Throws nothing. */
export function schemaDefs(schema: Schema): CompletionDefs {
  let d = bySchema.get(schema);
  if (d) return d;
  let requests: string[] | undefined;
  let messages: string[] | undefined;
  let modules: string[] | undefined;
  let wants: string[] | undefined;
  d = {
    requests: () => (requests ??= sorted(schema.services.keys())),
    messages: () => (messages ??= sorted(schema.messages.keys())),
    modules: () => (modules ??= sorted([...schema.services.values()].map((s) => s.module))),
    wants: () => (wants ??= sorted([...schema.services.values()].filter((s) => s.events.length > 0).map((s) => s.request))),
    message: (name) => schema.messages.get(name),
  };
  bySchema.set(schema, d);
  return d;
}

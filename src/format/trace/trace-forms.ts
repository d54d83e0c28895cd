/**
 * The format layer's half of reading traces (src/client/trace/load-messages.ts's TraceForms):
 * lossless JSON parsing and JSON messages back to codec values (trace-json.ts).
 */
import type { MessageDef } from '../../client/schema/model.js';
import { parseJson } from '../json/lossless-json.js';
import { type FormatRegistry, defaultRegistry } from '../type-formats/format-registry.js';
import { messageFromJson } from './trace-json.js';

export interface TraceFormsImpl {
  parseJson(text: string, label: string): unknown;
  fromJson(def: MessageDef, fields: Record<string, unknown>): { value: Record<string, unknown>; lost: string[] };
}

/** Throws nothing. */
export function traceForms(registry: FormatRegistry = defaultRegistry): TraceFormsImpl {
  return {
    parseJson: (text, label) => parseJson(text, label),
    fromJson: (def, fields) => messageFromJson(def, fields, registry),
  };
}

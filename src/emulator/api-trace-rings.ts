/**
 * VPP's API trace as the emulator keeps it (docs/trace.md §1–§2): an RX ring of the messages
 * received that have a handler and are traced, as their bytes from the id on; a TX ring
 * that, as in VPP with socket clients only, never receives anything. `save` writes the
 * binary format (src/client/trace), `save-json` a JSON array, both to `/tmp/NAME` (or
 * the emulator's traceDir), never over an existing file.
 *
 * Words are read left to right; `tx` selects the TX trace for the words after it.
 * Answers are VPP 26.06's texts.
 *
 * save-json writes the `--json` form of each message, tab-indented as cJSON prints it.
 * Unlike VPP, a flag set is written as its names (`A|B`) rather than "Invalid ENUM", and
 * a union as the format layer shows it: what VPP writes there cannot be taken back.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeBinaryTrace } from '../client/trace/binary-writer.js';
import { getCodec } from '../client/codec/index.js';
import type { Schema } from '../client/schema/model.js';
import { defaultRegistry } from '../format/type-formats/format-registry.js';
import { stringifyJson } from '../format/json/lossless-json.js';
import type { MessageIds } from './ids.js';

const DEFAULT_NITEMS = 256 * 1024;

/** Registered untraced in VPP: never recorded. */
export const UNTRACED = new Set([
  'sockclnt_create', 'sockclnt_delete', 'sock_init_shm', 'memclnt_create', 'memclnt_create_v2', 'memclnt_delete',
  'memclnt_keepalive', 'memclnt_keepalive_reply', 'rpc_call', 'rpc_call_reply',
]);

class Ring {
  configured = false;
  enabled = false;
  wrapped = false;
  nitems = DEFAULT_NITEMS;
  private items: Buffer[] = [];
  private next = 0;

  configure(n: number): void {
    this.nitems = n;
    this.items = [];
    this.next = 0;
    this.wrapped = false;
    this.configured = true;
  }

  add(b: Buffer): void {
    if (this.items.length < this.nitems) this.items.push(b);
    else {
      this.items[this.next] = b;
      this.next = (this.next + 1) % this.nitems;
      this.wrapped = true;
    }
  }

  /** Oldest first. */
  records(): Buffer[] {
    return [...this.items.slice(this.next), ...this.items.slice(0, this.next)];
  }

  get used(): number {
    return this.items.length;
  }
}

export class ApiTrace {
  private readonly rx = new Ring();
  private readonly tx = new Ring();

  constructor(
    private readonly schema: Schema,
    private readonly ids: MessageIds,
    private readonly dir = '/tmp',
  ) {}

  /** A received message (bytes from the id on). Copies it. */
  received(name: string, payload: Buffer): void {
    if (!this.rx.enabled || UNTRACED.has(name)) return;
    this.rx.add(Buffer.from(payload));
  }

  /** Runs the words after `api trace`; returns VPP's answer text. Throws nothing. */
  command(words: string[]): string {
    let ring = this.rx;
    let out = '';
    for (let k = 0; k < words.length; k++) {
      const w = words[k]!;
      switch (w) {
        case 'on':
        case 'enable': {
          let n = ring.nitems;
          if (words[k + 1] === 'nitems') {
            const v = Number(words[k + 2]);
            if (!Number.isInteger(v) || v <= 0) return 'unknown input `\'\n';
            n = v;
            k += 2;
          }
          ring.configure(n);
          ring.enabled = true;
          break;
        }
        case 'off':
          ring.enabled = false;
          break;
        case 'free':
          ring.enabled = false;
          ring.configure(ring.nitems);
          break;
        case 'tx':
          ring = this.tx;
          break;
        case 'status':
          out += this.status(ring === this.rx ? 'RX' : 'TX', ring);
          break;
        case 'save':
        case 'save-json': {
          const name = words[++k];
          if (name === undefined) return 'unknown input `\'\n';
          return out + this.save(ring, name, w === 'save-json');
        }
        default:
          return 'unknown input `\'\n';
      }
    }
    return out;
  }

  private status(which: string, r: Ring): string {
    if (!r.configured) return `${which} trace: not yet configured.\n`;
    return `${which} trace: used ${r.used} of ${r.nitems} items, ${r.enabled ? 'is' : 'is not'} enabled, ${r.wrapped ? 'has' : 'has not'} wrapped\n`;
  }

  private save(r: Ring, name: string, json: boolean): string {
    if (name.includes('..') || name.includes('/')) return `illegal characters in filename '${name}'\n`;
    const path = join(this.dir, name);
    if (existsSync(path)) return `file exists: ${path}\n`;
    const records = r.records();
    try {
      if (records.length === 0) {
        writeFileSync(path, '', { flag: 'wx' });
        return 'API Trace data not present\n';
      }
      writeFileSync(path, json ? this.json(records) : encodeBinaryTrace(this.ids.entries, records, r.wrapped), { flag: 'wx' });
    } catch (e) {
      return `Couldn't create ${path}: ${(e as Error).message}\n`;
    }
    return `API trace saved to ${path}\n`;
  }

  /** `[` newline, objects separated by `,` newline, `]` without a final newline. */
  private json(records: Buffer[]): string {
    const parts: string[] = [];
    for (const b of records) {
      const def = this.ids.defOf(b.readUInt16BE(0));
      if (!def) continue;
      try {
        const v = getCodec(this.schema, def.name).decode(b);
        // VPP's shape: every union member, flag sets as text (toJson would pick members, list flags).
        parts.push(tabs(stringifyJson({ _msgname: def.name, _crc: def.crc, ...defaultRegistry.forMessage(def).format(v) }, { indent: 1 })));
      } catch {
        parts.push(''); // as VPP: a message it cannot convert leaves an empty element
      }
    }
    return `[\n${parts.join(',\n')}]`;
  }
}

/** One-space indentation → tabs, and cJSON's tab after the colon. */
function tabs(s: string): string {
  return s.replace(/^( +)/gm, (m) => '\t'.repeat(m.length)).replace(/^(\t*"(?:[^"\\]|\\.)*"): /gm, '$1:\t');
}

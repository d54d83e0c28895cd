/**
 * A deliberately naive reader of the Prometheus text exposition format 0.0.4, written
 * from the format's description and importing nothing from src/: a character walk over
 * each line, label values unescaped by hand. It enforces what a scraper relies on and
 * throws (with the line) on anything else:
 * - `# HELP name text` and `# TYPE name counter|gauge|histogram|summary|untyped`, at most one each, before the family's samples;
 * - sample lines `name{l="v",...} value`, names [a-zA-Z_:][a-zA-Z0-9_:]*, values numbers, +Inf, -Inf or NaN;
 * - all lines of one family together, no series twice.
 */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  raw: string;
}

export interface PromText {
  types: Map<string, string>;
  help: Map<string, string>;
  samples: PromSample[];
  /** `name{sorted labels}` → value. */
  series: Map<string, number>;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** The key a series is found by: name and labels sorted by label name. */
export function seriesKey(name: string, labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort();
  return `${name}{${keys.map((k) => `${k}=${JSON.stringify(labels[k])}`).join(',')}}`;
}

function familyOf(name: string, types: Map<string, string>): string {
  for (const suf of ['_bucket', '_count', '_sum']) {
    const base = name.slice(0, -suf.length);
    if (name.endsWith(suf) && (types.get(base) === 'histogram' || types.get(base) === 'summary')) return base;
  }
  return name;
}

function parseLabels(s: string, at: number, line: string): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let i = at;
  for (;;) {
    if (s[i] === '}') return { labels, end: i + 1 };
    let name = '';
    while (i < s.length && s[i] !== '=') name += s[i++];
    if (!LABEL.test(name)) throw new Error(`bad label name "${name}": ${line}`);
    if (s[i + 1] !== '"') throw new Error(`label value not quoted: ${line}`);
    i += 2;
    let v = '';
    for (;;) {
      const c = s[i++];
      if (c === undefined) throw new Error(`unterminated label value: ${line}`);
      if (c === '"') break;
      if (c === '\\') {
        const n = s[i++];
        if (n === '\\') v += '\\';
        else if (n === '"') v += '"';
        else if (n === 'n') v += '\n';
        else throw new Error(`bad escape \\${n}: ${line}`);
      } else if (c === '\n') throw new Error(`newline in label value: ${line}`);
      else v += c;
    }
    if (Object.hasOwn(labels, name)) throw new Error(`label ${name} twice: ${line}`);
    labels[name] = v;
    if (s[i] === ',') i++;
    else if (s[i] !== '}') throw new Error(`expected , or } at ${i}: ${line}`);
  }
}

function parseValue(t: string, line: string): number {
  if (t === '+Inf') return Infinity;
  if (t === '-Inf') return -Infinity;
  if (t === 'NaN') return NaN;
  if (!/^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/.test(t)) throw new Error(`bad value "${t}": ${line}`);
  return Number(t);
}

/** @throws Error naming the offending line. */
export function parsePromText(text: string): PromText {
  const out: PromText = { types: new Map(), help: new Map(), samples: [], series: new Map() };
  const closed = new Set<string>();
  let current = '';
  if (text !== '' && !text.endsWith('\n')) throw new Error('text does not end with a newline');
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
      if (!m) continue; // a comment
      const [, kind, name, rest] = m;
      if (!NAME.test(name!)) throw new Error(`bad metric name: ${line}`);
      const map = kind === 'HELP' ? out.help : out.types;
      if (map.has(name!)) throw new Error(`${kind} twice for ${name}: ${line}`);
      if (kind === 'TYPE' && !['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest!)) throw new Error(`bad type: ${line}`);
      if (closed.has(name!) || current === name) throw new Error(`${kind} after samples of ${name}: ${line}`);
      map.set(name!, rest!);
      continue;
    }
    let i = 0;
    let name = '';
    while (i < line.length && line[i] !== '{' && line[i] !== ' ') name += line[i++];
    if (!NAME.test(name)) throw new Error(`bad metric name "${name}": ${line}`);
    let labels: Record<string, string> = {};
    if (line[i] === '{') ({ labels, end: i } = parseLabels(line, i + 1, line));
    if (line[i] !== ' ') throw new Error(`expected a space before the value: ${line}`);
    const fields = line.slice(i + 1).split(' ');
    if (fields.length > 2) throw new Error(`extra fields: ${line}`);
    const value = parseValue(fields[0]!, line);
    const fam = familyOf(name, out.types);
    if (fam !== current) {
      if (closed.has(fam)) throw new Error(`family ${fam} split: ${line}`);
      if (current) closed.add(current);
      current = fam;
    }
    const key = seriesKey(name, labels);
    if (out.series.has(key)) throw new Error(`series twice: ${key}`);
    out.series.set(key, value);
    out.samples.push({ name, labels, value, raw: line });
  }
  return out;
}

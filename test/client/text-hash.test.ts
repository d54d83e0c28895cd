/**
 * The cache files' name hash (src/client/text-hash.ts): 40 hex digits, the same for the
 * same text, and apart for texts that differ in one place (paths of sibling directories,
 * keys that differ in one digit of a size or a time).
 */
import { describe, expect, it } from 'vitest';
import { textHash160 } from '../../src/client/text-hash.js';

describe('textHash160', () => {
  it('is 40 lowercase hex digits, the same for the same text', () => {
    for (const t of ['', 'a', '/usr/share/vpp/api', 'é\u{1f600}', 'x'.repeat(5000)]) {
      expect(textHash160(t)).toMatch(/^[0-9a-f]{40}$/);
      expect(textHash160(t)).toBe(textHash160(`${t}`));
    }
  });

  it('tells apart 20,000 texts that differ in one or two characters', () => {
    const seen = new Set<string>();
    const lanes = Array.from({ length: 5 }, () => new Set<string>());
    let n = 0;
    for (let i = 0; i < 10_000; i++) {
      for (const t of [`/srv/vpp-${i}/api`, `1:${i}:1003416:1796587383427104836:${i * 7}`]) {
        const h = textHash160(t);
        seen.add(h);
        // Each 32-bit lane on its own is apart too (no lane is a copy of another).
        lanes.forEach((l, k) => l.add(h.slice(k * 8, k * 8 + 8)));
        n++;
      }
    }
    expect(seen.size).toBe(n);
    for (const l of lanes) expect(l.size).toBeGreaterThan(n - 5);
    expect(textHash160('ab')).not.toBe(textHash160('ba'));
  });
});

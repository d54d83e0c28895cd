/** The bound a fan-out keeps on targets at once (--parallel), and the order answers come back in. */
import { describe, expect, test } from 'vitest';
import { limited } from '../../../src/commands/fleet/limit.js';

/** A run whose end the test decides: each call is held until released by name. */
function heldRuns() {
  const started: string[] = [];
  const release = new Map<string, (v: string) => void>();
  let active = 0;
  let most = 0;
  const run = (item: string): Promise<string> => {
    started.push(item);
    active++;
    most = Math.max(most, active);
    return new Promise<string>((resolve, reject) =>
      release.set(item, (v) => {
        active--;
        if (v === 'fail') reject(new Error(`${item} failed`));
        else resolve(`${item}:${v}`);
      }),
    );
  };
  return { run, started, release, most: () => most };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('limited', () => {
  test('never runs more than n at once; the next starts as soon as one ends, in item order', async () => {
    const h = heldRuns();
    const items = ['a', 'b', 'c', 'd', 'e'];
    const answers = limited(items, 2, h.run);
    await tick();
    expect(h.started).toEqual(['a', 'b']);
    h.release.get('b')!('ok');
    await tick();
    expect(h.started).toEqual(['a', 'b', 'c']);
    h.release.get('a')!('ok');
    await tick();
    expect(h.started).toEqual(['a', 'b', 'c', 'd']);
    for (const i of ['d', 'c']) h.release.get(i)!('ok');
    await tick();
    h.release.get('e')!('ok');
    expect(await Promise.all(answers)).toEqual(['a:ok', 'b:ok', 'c:ok', 'd:ok', 'e:ok']);
    expect(h.most()).toBe(2);
  });

  test('a failing run rejects its own promise only and frees its place', async () => {
    const h = heldRuns();
    const settling = Promise.allSettled(limited(['a', 'b', 'c'], 1, h.run));
    await tick();
    h.release.get('a')!('fail');
    await tick();
    expect(h.started).toEqual(['a', 'b']);
    h.release.get('b')!('ok');
    await tick();
    h.release.get('c')!('ok');
    const settled = await settling;
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect((settled[0] as PromiseRejectedResult).reason.message).toBe('a failed');
    expect(h.most()).toBe(1);
  });

  test('n larger than the items starts them all at once', async () => {
    const h = heldRuns();
    const answers = limited(['a', 'b', 'c'], 16, h.run);
    await tick();
    expect(h.started).toEqual(['a', 'b', 'c']);
    for (const i of ['c', 'b', 'a']) h.release.get(i)!('ok');
    expect(await Promise.all(answers)).toEqual(['a:ok', 'b:ok', 'c:ok']);
  });
});

/**
 * Deadlines sharing one timer (the bound on a body's arrival): each expires at its own
 * time, in order; a cancelled one never; no timer is left once none is pending.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Deadlines } from '../../../src/commands/serve/deadlines.js';

afterEach(() => {
  vi.useRealTimers();
});

const fake = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });

describe('Deadlines', () => {
  it('expires each entry when its own time has passed, in the order they were made', () => {
    fake();
    const d = new Deadlines(1000);
    const fired: string[] = [];
    d.add(() => fired.push('a'));
    vi.advanceTimersByTime(300);
    d.add(() => fired.push('b'));
    vi.advanceTimersByTime(699);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(['a']);
    vi.advanceTimersByTime(299);
    expect(fired).toEqual(['a']);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(['a', 'b']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never calls a cancelled entry, and one cancelled at the front does not hold up those behind', () => {
    fake();
    const d = new Deadlines(1000);
    const fired: string[] = [];
    const a = d.add(() => fired.push('a'));
    vi.advanceTimersByTime(500);
    d.add(() => fired.push('b'));
    a.cancel();
    vi.advanceTimersByTime(1000);
    expect(fired).toEqual(['b']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps no timer when every entry was cancelled, and starts one again for a new entry', () => {
    fake();
    const d = new Deadlines(1000);
    const fired: number[] = [];
    for (let i = 0; i < 5000; i++) d.add(() => fired.push(i)).cancel();
    vi.advanceTimersByTime(1000);
    expect(vi.getTimerCount()).toBe(0);
    d.add(() => fired.push(-1));
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(fired).toEqual([-1]);
  });

  it('expires an entry left behind many cancelled ones', () => {
    fake();
    const d = new Deadlines(1000);
    const fired: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const e = d.add(() => fired.push(i));
      if (i !== 2500) e.cancel();
    }
    vi.advanceTimersByTime(1000);
    expect(fired).toEqual([2500]);
  });
});

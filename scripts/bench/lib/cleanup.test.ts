import { describe, expect, it } from 'vitest';
import { Cleanup } from './cleanup';

describe('bench cleanup', () => {
  it('undoes in reverse order, once, and keeps going after a failing step', async () => {
    const c = new Cleanup();
    const done: string[] = [];
    const logs: string[] = [];
    c.add('a', () => void done.push('a'));
    c.add('b', () => {
      throw new Error('boom');
    });
    c.add('c', async () => void done.push('c'));
    await Promise.all([c.run((l) => logs.push(l)), c.run((l) => logs.push(l))]);
    expect(done).toEqual(['c', 'a']);
    expect(logs).toEqual(['cleanup of b failed: boom']);
    expect(c.size).toBe(0);
  });

  it('runs a step early when asked, or forgets it', async () => {
    const c = new Cleanup();
    const done: string[] = [];
    const early = c.add('early', () => void done.push('early'));
    const gone = c.add('gone', () => void done.push('gone'));
    await early();
    await early();
    c.forget(gone);
    await c.run();
    expect(done).toEqual(['early']);
  });
});

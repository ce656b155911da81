import { describe, expect, it } from 'vitest';
import { runKeyed } from './keyedBatch.ts';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runKeyed', () => {
  it("keeps each key's order and runs different keys side by side, up to the bound", async () => {
    const messages = ['a1', 'b1', 'a2', 'c1', 'b2', 'a3', 'd1'];
    const done: string[] = [];
    let running = 0;
    let most = 0;
    await runKeyed(
      messages,
      (m) => m[0]!,
      2,
      async (m) => {
        running++;
        most = Math.max(most, running);
        await tick(m[0] === 'a' ? 5 : 1);
        done.push(m);
        running--;
      },
    );
    expect(done).toHaveLength(7);
    expect(most).toBe(2);
    for (const k of 'abcd') {
      const mine = done.filter((m) => m[0] === k);
      expect(mine).toEqual([...mine].sort());
    }
    expect(done.sort()).toEqual([...messages].sort());
  });

  it('with a bound of one takes one stream after another, in the order each first appears', async () => {
    const done: string[] = [];
    await runKeyed(
      ['a1', 'b1', 'a2'],
      (m) => m[0]!,
      1,
      async (m) => void done.push(m),
    );
    expect(done).toEqual(['a1', 'a2', 'b1']);
  });

  it("stops a lane at its failure, lets the others' messages in flight finish, and rejects", async () => {
    const done: string[] = [];
    const run = runKeyed(
      ['a1', 'b1', 'a2', 'b2'],
      (m) => m[0]!,
      2,
      async (m) => {
        if (m === 'a1') throw new Error('a1 failed');
        await tick(2);
        done.push(m);
      },
    );
    await expect(run).rejects.toThrow('a1 failed');
    expect(done).not.toContain('a2');
    expect(done).toContain('b1');
  });

  it('stops taking messages when told to (the consumer is stopping or the batch went stale)', async () => {
    let go = true;
    const done: string[] = [];
    await runKeyed(
      ['a1', 'a2', 'a3'],
      () => 'a',
      4,
      async (m) => {
        done.push(m);
        go = false;
      },
      () => go,
    );
    expect(done).toEqual(['a1']);
  });
});

import { describe, expect, it } from 'vitest';
import { latestOnly } from '../../renderer/lib/latestOnly';

/** A promise answered by hand, to make answers arrive in the order a loaded machine might. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('latestOnly', () => {
  it('applies the newest call’s answer even when an older one arrives after it', async () => {
    const run = latestOnly();
    const applied: string[] = [];
    const older = deferred<string>();
    const newer = deferred<string>();
    const first = run(
      () => older.promise,
      (value) => applied.push(value),
    );
    const second = run(
      () => newer.promise,
      (value) => applied.push(value),
    );
    newer.resolve('new list');
    await second;
    older.resolve('old list');
    await first;
    expect(applied).toEqual(['new list']);
  });

  it('lets an older call settle only once the newest answer is applied', async () => {
    const run = latestOnly();
    const applied: string[] = [];
    const older = deferred<string>();
    const newer = deferred<string>();
    const first = run(
      () => older.promise,
      (value) => applied.push(value),
    );
    void run(
      () => newer.promise,
      (value) => applied.push(value),
    );
    older.resolve('old list');
    let firstSettled = false;
    void first.then(() => {
      firstSettled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(firstSettled).toBe(false);
    expect(applied).toEqual([]);
    newer.resolve('new list');
    await first;
    expect(applied).toEqual(['new list']);
  });

  it('applies each answer of calls that do not overlap', async () => {
    const run = latestOnly();
    const applied: number[] = [];
    await run(
      async () => 1,
      (value) => applied.push(value),
    );
    await run(
      async () => 2,
      (value) => applied.push(value),
    );
    expect(applied).toEqual([1, 2]);
  });
});

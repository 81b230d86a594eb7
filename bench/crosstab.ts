import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crosstab } from '../electron/services/analysis/crosstab';
import { findAttribute } from '../electron/services/attributes';
import { closeProject } from '../electron/services/project';
import { generateProject } from './generate';
import type { BenchResult } from './types';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Median of `runs` timings. The two measured things alternate run by run, so a burst of load
 * from another process on this two-core machine hits both, not one of them.
 */
function timePair(first: () => unknown, second: () => unknown, runs: number): [number, number] {
  first();
  second();
  const a: number[] = [];
  const b: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    let start = performance.now();
    first();
    a.push(performance.now() - start);
    start = performance.now();
    second();
    b.push(performance.now() - start);
  }
  return [median(a), median(b)];
}

/**
 * The crosstab (codes × province) on 200,000 codings over 1,000 sources, beside a plain SQL
 * GROUP BY over the same tables — the floor any crosstab must pay to read the codings once.
 * Budget (issue 5): under 100 ms and within 2× the floor.
 */
export async function benchCrosstab(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'marginalia-bench-'));
  try {
    const { session } = await generateProject(dir, { sources: 1000, codings: 200_000, sourceLength: 3000 });
    const attribute = findAttribute(session.db, 'province');
    if (!attribute) throw new Error('the generated project has no province');
    const floorCount = session.db.prepare(
      `SELECT c.code_id, v.value, count(*) FROM codings c
       LEFT JOIN attribute_values v ON v.source_id = c.source_id AND v.attribute_id = ?
       GROUP BY c.code_id, v.value`,
    );
    const floorRanges = session.db.prepare(
      `SELECT c.code_id, v.value, count(*), sum(c.end - c.start) FROM codings c
       LEFT JOIN attribute_values v ON v.source_id = c.source_id AND v.attribute_id = ?
       GROUP BY c.code_id, v.value`,
    );
    const results: BenchResult[] = [];
    const runs = 21;
    const [floor, segments] = timePair(
      () => floorCount.raw().all(attribute.id),
      () => crosstab(session, { kind: 'crosstab', by: 'province', unit: 'segments' }),
      runs,
    );
    results.push({ name: 'crosstab floor: plain SQL GROUP BY code × province, count (200k codings)', value: floor, unit: 'ms', budget: null });
    results.push({ name: 'crosstab by province, segments (200k codings, 1,000 sources)', value: segments, unit: 'ms', budget: 100 });
    results.push({ name: 'crosstab segments ÷ floor', value: segments / floor, unit: '×', budget: 2 });
    // The crosstab groups by (code, source) along the covering index and maps sources to
    // provinces in JavaScript, which beats joining every coding to its attribute value. Its own
    // query alone is the tighter floor: the difference is the pure rollup's cost.
    const indexQuery = session.db.prepare('SELECT code_id, source_id, count(*) FROM codings GROUP BY code_id, source_id');
    const [indexFloor, again] = timePair(
      () => indexQuery.raw().all(),
      () => crosstab(session, { kind: 'crosstab', by: 'province', unit: 'segments' }),
      runs,
    );
    results.push({ name: 'crosstab tighter floor: its own GROUP BY code, source on the covering index', value: indexFloor, unit: 'ms', budget: null });
    results.push({ name: 'crosstab segments (measured beside it)', value: again, unit: 'ms', budget: 100 });
    results.push({ name: 'crosstab segments ÷ tighter floor', value: again / indexFloor, unit: '×', budget: 2 });
    const [, documents] = timePair(
      () => floorCount.raw().all(attribute.id),
      () => crosstab(session, { kind: 'crosstab', by: 'province', unit: 'documents', percent: 'column' }),
      runs,
    );
    results.push({ name: 'crosstab by province, documents + column % (200k codings)', value: documents, unit: 'ms', budget: null });
    results.push({ name: 'crosstab documents ÷ floor', value: documents / floor, unit: '×', budget: null });
    // Characters read every range; their floor sums the ranges' lengths in SQL (no union).
    const [rangesFloor, characters] = timePair(
      () => floorRanges.raw().all(attribute.id),
      () => crosstab(session, { kind: 'crosstab', by: 'province', unit: 'characters' }),
      11,
    );
    results.push({ name: 'crosstab floor: plain SQL GROUP BY code × province, sum of range lengths', value: rangesFloor, unit: 'ms', budget: null });
    results.push({ name: 'crosstab by province, characters (union of ranges, code points)', value: characters, unit: 'ms', budget: null });
    results.push({ name: 'crosstab characters ÷ its floor', value: characters / rangesFloor, unit: '×', budget: null });
    closeProject(session);
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { frequencies } from '../electron/services/frequencies';
import { closeProject } from '../electron/services/project';
import { generateProject } from './generate';
import type { BenchResult } from './types';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(work: () => unknown, runs: number): number {
  work(); // warm the page cache and statement cache once
  const samples: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/** The frequency query on 200,000 codings over 1,000 sources, beside a plain SQL GROUP BY. */
export async function benchFrequencies(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'marginalia-bench-'));
  try {
    const { session } = await generateProject(dir, { sources: 1000, codings: 200_000, sourceLength: 3000 });
    const results: BenchResult[] = [];
    const floor = time(
      () =>
        session.db
          .prepare(
            `SELECT c.code_id, v.value, count(*) FROM codings c
             LEFT JOIN attribute_values v ON v.source_id = c.source_id
             GROUP BY c.code_id, v.value`,
          )
          .raw()
          .all(),
      15,
    );
    results.push({ name: 'frequencies floor: plain SQL GROUP BY code × province (200k codings)', value: floor, unit: 'ms', budget: null });
    for (const unit of ['segments', 'documents', 'characters'] as const) {
      const value = time(() => frequencies(session, { by: 'province', unit }), 15);
      results.push({ name: `frequencies by province, ${unit} (200k codings, 1,000 sources)`, value, unit: 'ms', budget: 200 });
    }
    closeProject(session);
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

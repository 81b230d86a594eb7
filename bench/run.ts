// `npm run bench`: every performance figure the issues set a budget for, measured here and
// printed with the command that produced it. Figures are medians unless the name says p95.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { benchFrequencies } from './frequencies';
import { benchCrosstab } from './crosstab';
import type { BenchResult } from './types';

const only = process.argv.slice(2);
const suites: Record<string, () => Promise<BenchResult[]>> = {
  frequencies: benchFrequencies,
  import: async () => (await import('./import')).benchImport(),
  crosstab: benchCrosstab,
  search: async () => (await import('./search')).benchSearch(),
  document: async () => {
    // The document view is measured in Chromium; its module drives the built interface.
    const { benchDocument } = await import('./document');
    return (await benchDocument()).map((result) => ({ ...result, budget: result.budget ?? null }));
  },
};

const all: BenchResult[] = [];
for (const [name, suite] of Object.entries(suites)) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stdout.write(`running ${name}…\n`);
  all.push(...(await suite()));
}

const command = `npm run bench${only.length ? ` -- ${only.join(' ')}` : ''}`;
process.stdout.write(
  `\n${command}   (${new Date().toISOString()}, node ${process.version}, ${cpus().length} cores: ${cpus()[0]?.model ?? '?'})\n`,
);
let over = 0;
for (const result of all) {
  const verdict =
    result.budget === null
      ? ''
      : result.value <= result.budget
        ? `  ok (budget ${result.budget} ${result.unit})`
        : `  OVER BUDGET (${result.budget} ${result.unit})`;
  if (result.budget !== null && result.value > result.budget) over += 1;
  process.stdout.write(`${result.value.toFixed(1).padStart(9)} ${result.unit.padEnd(4)} ${result.name}${verdict}\n`);
}
if (!existsSync('bench-results')) mkdirSync('bench-results');
writeFileSync(
  'bench-results/latest.json',
  JSON.stringify({ command, at: new Date().toISOString(), results: all }, null, 2),
);
process.exitCode = over > 0 ? 1 : 0;

import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFiles, listSources, setSourceAttribute } from '../../electron/services/sources';
import { createCodeAtPath } from '../../electron/services/codes';
import { autocode } from '../../electron/services/analysis/autocode';
import { crosstab } from '../../electron/services/analysis/crosstab';
import { wordFrequency } from '../../electron/services/analysis/wordfreq';
import { parseCsv } from '../../shared/format/csv';
import { newTestProject } from '../support/project';

const CORPUS = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpora', 'cn-local-digital-regs');
const TERMS = ['数据', '平台', '考核'] as const;

type CorpusFile = { province: string; name: string; text: string };

/** The corpus read straight from disk: 33 UTF-8 Markdown regulations in province folders. */
function readCorpus(): CorpusFile[] {
  const files: CorpusFile[] = [];
  for (const province of readdirSync(CORPUS, { withFileTypes: true })) {
    if (!province.isDirectory()) continue;
    for (const name of readdirSync(join(CORPUS, province.name))) {
      if (name.endsWith('.md')) files.push({ province: province.name, name, text: readFileSync(join(CORPUS, province.name, name), 'utf8') });
    }
  }
  return files;
}

/** Occurrences of a term, counted independently of Marginalia: split, not indexOf. */
const occurrences = (text: string, term: string): number => text.split(term).length - 1;

describe('against the real corpus of local digital-governance regulations', () => {
  it('autocodes 数据, 平台 and 考核 and counts them per province as an independent count of the files does', async () => {
    const files = readCorpus();
    expect(files).toHaveLength(33);
    const { session } = await newTestProject({ name: 'Local regulations' });
    const report = await importFiles(
      session,
      files.map((file) => ({ name: `${file.province}/${file.name}`, data: readFileSync(join(CORPUS, file.province, file.name)) })),
    );
    expect(report.failed).toEqual([]);
    expect(report.imported).toHaveLength(33);
    const provinceOf = new Map(files.map((file) => [file.name.replace(/\.md$/, ''), file.province]));
    for (const source of listSources(session)) setSourceAttribute(session, source.id, 'province', provinceOf.get(source.name) as string);

    const codes = TERMS.map((term) => createCodeAtPath(session, `Terms/${term}`));
    const coded = TERMS.map((term, index) => autocode(session, { codeId: codes[index].id, term }));

    // The independent count, per province and term: occurrences, files with at least one, characters.
    const provinces = [...new Set(files.map((file) => file.province))].sort();
    const expected = (term: string | null, unit: 'segments' | 'documents' | 'characters'): number[] =>
      provinces.map((province) => {
        const inProvince = files.filter((file) => file.province === province);
        const counts = inProvince.map((file) => (term ? occurrences(file.text, term) : TERMS.reduce((sum, each) => sum + occurrences(file.text, each), 0)));
        if (unit === 'documents') return counts.filter((count) => count > 0).length;
        // The three terms share no character, so their occurrences never overlap: two characters each.
        return unit === 'characters' ? 2 * counts.reduce((a, b) => a + b, 0) : counts.reduce((a, b) => a + b, 0);
      });
    expect(coded.map((result) => result.codings)).toEqual(TERMS.map((term) => files.reduce((sum, file) => sum + occurrences(file.text, term), 0)));

    for (const unit of ['segments', 'documents', 'characters'] as const) {
      const table = crosstab(session, { kind: 'crosstab', by: 'province', unit });
      // Every province folder is a column; no source lacks a province.
      expect(table.result.columns.map((column) => column.key)).toEqual([...provinces, '(none)']);
      const rows = Object.fromEntries(table.result.rows.map((row) => [row.code, row.values.slice(0, provinces.length)]));
      for (const term of TERMS) expect(rows[`Terms/${term}`], `${term}, ${unit}`).toEqual(expected(term, unit));
      // The parent: each coding once, documents and characters as unions.
      expect(rows.Terms, `Terms, ${unit}`).toEqual(expected(null, unit));
    }
    // Zhejiang's regulations never say 考核: a zero, not a missing cell.
    expect(expected('考核', 'segments')[provinces.indexOf('zhejiang')]).toBe(0);

    // Coverage: the denominators are the characters of each province's files, as MANIFEST.csv records them.
    const manifest = parseCsv(readFileSync(join(CORPUS, 'MANIFEST.csv'), 'utf8'));
    const header = manifest[0];
    const charactersByProvince = new Map<string, number>();
    for (const row of manifest.slice(1)) {
      const province = row[header.indexOf('province_slug')];
      charactersByProvince.set(province, (charactersByProvince.get(province) ?? 0) + Number(row[header.indexOf('chars')]));
    }
    const coverage = crosstab(session, { kind: 'crosstab', by: 'province', unit: 'coverage', codeIds: [codes[0].id] });
    expect(coverage.result.sourceCharacters.slice(0, provinces.length)).toEqual(provinces.map((province) => charactersByProvince.get(province)));
    provinces.forEach((province, index) => {
      expect(coverage.result.rows[0].values[index]).toBeCloseTo((100 * expected('数据', 'characters')[index]) / (charactersByProvince.get(province) as number), 10);
    });

    // Word frequency over the whole corpus: 数据 is a word of its own except inside longer words (大数据 …),
    // so it is counted at most as often as the substring occurs.
    const started = performance.now();
    const words = wordFrequency(session, { kind: 'wordfreq', by: 'province', top: 20 });
    const elapsed = performance.now() - started;
    const zhejiang = words.result.perColumn[words.result.columns.indexOf('zhejiang')];
    expect(zhejiang.length).toBe(20);
    const data = words.result.rows.find((row) => row.word === '数据');
    expect(data).toBeDefined();
    expect(data?.total).toBeGreaterThan(0);
    expect(data?.total).toBeLessThanOrEqual(expected('数据', 'segments').reduce((a, b) => a + b, 0));
    // Stop words are left out.
    expect(words.result.rows.map((row) => row.word)).not.toContain('的');
    console.log(`word frequency over ${files.length} regulations (${[...charactersByProvince.values()].reduce((a, b) => a + b, 0)} characters): ${elapsed.toFixed(0)} ms`);
  }, 120_000);
});

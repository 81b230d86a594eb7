import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KeyedMessage } from '../../shared/domain/types';
import { importPaths } from '../../electron/services/importing';
import { sourcesEn, sourcesZhCN } from '../../renderer/features/sources/messages';
import { BOMB_CAP_BYTES, writeGoodFiles, writeHostileFiles } from '../importers/hostile';
import { newTestProject } from '../support/project';

/*
 * The import report's keys (issue follow-up: the report in the researcher's language): every key
 * a real hostile batch makes the backend emit must be in both catalogues, with the same
 * placeholders, each of them a parameter the backend gives.
 */

type Catalogue = Readonly<Record<string, string>>;
const EN: Catalogue = sourcesEn;
const ZH: Catalogue = sourcesZhCN;

function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]))].sort();
}

/** The catalogue entries a key is shown with: itself, or its plural forms. */
function entries(catalogue: Catalogue, key: string): string[] {
  if (catalogue[key] !== undefined) return [catalogue[key]];
  return [`${key}.one`, `${key}.other`].filter((form) => catalogue[form] !== undefined).map((form) => catalogue[form]);
}

describe('the import report in Chinese', () => {
  it('has every key a hostile batch emits in both catalogues, with the same parameters', async () => {
    const { session, dir } = await newTestProject();
    const folder = join(dir, 'batch');
    mkdirSync(folder);
    writeGoodFiles(folder);
    const hostile = writeHostileFiles(folder);
    // What a folder also holds: a second copy of a file, a stray kind of file, a spreadsheet.
    writeFileSync(join(folder, 'copy-a.txt'), 'The same interview twice.\n');
    writeFileSync(join(folder, 'copy-b.txt'), 'The same interview twice.\n');
    writeFileSync(join(folder, 'setup.exe'), 'MZ');
    writeFileSync(join(folder, 'manifest.csv'), 'file,region\na.txt,Zhejiang\n');

    const report = await importPaths(session, [folder], { caps: { maxInflatedBytes: BOMB_CAP_BYTES } });

    const emitted: { sentence: string; keyed: KeyedMessage }[] = [];
    for (const entry of [...report.failed, ...report.skipped]) {
      if (entry.reasonKey) emitted.push({ sentence: entry.reason, keyed: entry.reasonKey });
    }
    for (const entry of report.imported) {
      for (const note of entry.notes) {
        const keyed = entry.noteKeys?.[note];
        if (keyed) emitted.push({ sentence: note, keyed });
      }
    }
    const keys = new Set(emitted.map((item) => item.keyed.key));
    // The common cases of the batch all carry a key.
    for (const key of [
      'import.empty',
      'import.binary.png',
      'import.zipDamaged',
      'import.zipBomb',
      'import.xmlDoctype',
      'import.pdfEncrypted',
      'import.replaced',
      'import.tooLarge',
      'import.pdfXrefDamaged',
      'import.duplicateInBatch',
      'import.leftOut',
      'import.spreadsheetInFolder',
    ]) {
      expect(keys, key).toContain(key);
    }
    // Every file the batch refused says why with a key (none falls back to English).
    const unkeyed = report.failed.filter((entry) => !entry.reasonKey).map((entry) => entry.reason);
    expect(unkeyed).toEqual([]);
    expect(report.failed.length).toBe(hostile.filter((item) => item.outcome === 'failed').length);

    for (const { keyed } of emitted) {
      const en = entries(EN, keyed.key);
      const zh = entries(ZH, keyed.key);
      expect(en.length, keyed.key).toBeGreaterThan(0);
      expect(zh.length, keyed.key).toBe(en.length);
      const given = Object.keys(keyed.params);
      for (const [index, template] of en.entries()) {
        expect(placeholders(zh[index]), keyed.key).toEqual(placeholders(template));
        for (const name of placeholders(template)) expect(given, `${keyed.key} {${name}}`).toContain(name);
      }
      // Plural forms need the count as a number.
      if (EN[keyed.key] === undefined) expect(typeof keyed.params.count, keyed.key).toBe('number');
    }
  });

  it('fills the Chinese message from the parameters of a real run', async () => {
    const { session, dir } = await newTestProject();
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'bad.txt'), Buffer.concat([Buffer.from('第一行是正常的中文。\n第二行有坏字节'), Buffer.from([0xc3, 0x28]), Buffer.from('这里。\n第三行正常。\n')]));
    const report = await importPaths(session, [join(dir, 'empty.txt'), join(dir, 'bad.txt')]);
    const empty = report.failed[0];
    const bad = report.imported[0];
    const note = bad.notes.find((item) => item.includes('U+FFFD')) as string;
    // The English sentences are the backend's, unchanged.
    expect(empty.reason).toBe(`${join(dir, 'empty.txt')} is empty (0 bytes).`);
    expect(note).toMatch(/^1 character could not be decoded and was replaced with � \(U\+FFFD\) on line 2;/);

    expect(empty.reasonKey).toEqual({ key: 'import.empty', params: { file: join(dir, 'empty.txt') } });
    expect(fill(ZH[empty.reasonKey?.key as string], empty.reasonKey?.params)).toBe(`${join(dir, 'empty.txt')} 是空文件（0 字节）。`);
    const keyed = bad.noteKeys?.[note];
    expect(keyed).toEqual({ key: 'import.replaced', params: { count: 1, lines: '2' } });
    // Chinese has one plural form: Intl.PluralRules('zh-CN') always answers "other".
    expect(fill(ZH[`${keyed?.key}.other`], keyed?.params)).toBe('有 1 个字符无法解码，已替换为 �（U+FFFD），位于第 2 行；请对照原文检查相应位置，或选择其他编码。');
  });
});

function fill(template: string, params: KeyedMessage['params'] | undefined): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => String(params?.[name] ?? whole));
}

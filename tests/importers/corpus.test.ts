import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../electron/importers/index';
import { expectWellFormed, spansOf, spanText } from './helpers';

// The shared corpus sits beside the repository (../shared); its text is read here, never copied.
const CORPUS = resolve(__dirname, '../../../shared/corpora/cn-local-digital-regs');

function markdownFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

/** 第N条 at the start of a line, found with a plain regular expression over the raw file. */
function articleLabels(raw: string): string[] {
  return [...raw.matchAll(/^第[〇零一二三四五六七八九十百千两0-9]+条(?:之[一二三四五六七八九十]+)?(?=[ \u3000])/gm)].map((match) => match[0]);
}

describe('the cn-local-digital-regs corpus', () => {
  const files = markdownFiles(CORPUS);

  it('has 33 regulations from 7 provinces', () => {
    expect(files).toHaveLength(33);
    expect(new Set(files.map((file) => relative(CORPUS, file).split(/[\\/]/)[0])).size).toBe(7);
  });

  it('parses every file, finds every 第N条 article, and suggests "policy"', async () => {
    for (const file of files) {
      const raw = readFileSync(file, 'utf8');
      const document = await parseDocument(relative(CORPUS, file), readFileSync(file));
      expectWellFormed(document);
      expect(document.text).toBe(raw.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, ''));
      const articles = spansOf(document, 'article');
      expect(articles.map((span) => span.label), file).toEqual(articleLabels(raw));
      expect(articles.length, file).toBeGreaterThan(10);
      expect(document.suggestedKind, file).toBe('policy');
      expect(spansOf(document, 'turn'), file).toEqual([]);
    }
  });

  it('keeps a known article intact: 第一条 and 第五条 of the Hangzhou smart-economy regulation', async () => {
    const file = join(CORPUS, 'zhejiang', '杭州市智慧经济促进条例(2015-10-14).md');
    const raw = readFileSync(file, 'utf8');
    const document = await parseDocument('杭州市智慧经济促进条例(2015-10-14).md', readFileSync(file));
    const lines = raw.split('\n');
    for (const label of ['第一条', '第五条']) {
      const expected = lines.find((line) => line.startsWith(`${label} `));
      expect(expected, label).toBeDefined();
      const span = spansOf(document, 'article').find((article) => article.label === label);
      expect(span, label).toBeDefined();
      expect(spanText(document, span as { start: number; end: number })).toBe(expected);
    }
    // The chapter headings stay headings, and the first article follows 第一章.
    const chapter = spansOf(document, 'heading').find((span) => spanText(document, span).startsWith('## 第一章'));
    expect(chapter?.level).toBe(2);
  });
});

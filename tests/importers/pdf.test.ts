import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from '../../electron/importers/index';
import { breakXref, buildPdf, type PdfRun } from './fixtures';
import { expectRefusal, expectWellFormed, spansOf, spanText } from './helpers';

const ARTICLE = '第一条　为了推进本市智慧经济发展，根据有关法律、法规，结合本市实际，制定本条例。本条例自公布之日起施行。';
const ENGLISH = 'The quick brown fox jumps over the lazy dog while the committee reviews the draft regulation in detail.';

// Helvetica advance widths (per 1000 em) of the characters the English fixture uses.
const HELVETICA: Readonly<Record<string, number>> = {
  ' ': 278, '.': 278, T: 611, a: 556, b: 556, c: 500, d: 556, e: 556, f: 278, g: 556, h: 556, i: 222, j: 222, k: 500,
  l: 222, m: 833, n: 556, o: 556, p: 556, q: 556, r: 333, s: 500, t: 278, u: 556, v: 500, w: 722, x: 500, y: 500, z: 500,
};
const MEASURE = 240;

/** Lays a paragraph out in lines of at most MEASURE points, breaking where the next word or character no longer fits. */
function wrapped(text: string, x: number, top: number, font: 'latin' | 'cjk'): PdfRun[] {
  const width = (line: string): number =>
    font === 'cjk' ? line.length * 12 : [...line].reduce((sum, character) => sum + (HELVETICA[character] ?? 556), 0) * 0.012;
  const units = font === 'cjk' ? [...text] : text.split(' ');
  const joiner = font === 'cjk' ? '' : ' ';
  const lines: string[] = [];
  let line: string[] = [];
  for (const unit of units) {
    if (line.length > 0 && width([...line, unit].join(joiner)) > MEASURE) {
      lines.push(line.join(joiner));
      line = [];
    }
    line.push(unit);
  }
  lines.push(line.join(joiner));
  return lines.map((content, index) => ({ x, y: top - index * 16, size: 12, text: content, font }));
}

const threePages = (): Uint8Array =>
  buildPdf([
    {
      runs: [
        { x: 72, y: 780, size: 20, text: 'Digital governance report' },
        ...wrapped(ARTICLE, 72, 740, 'cjk'),
        ...wrapped(ENGLISH, 72, 660, 'latin'),
      ],
    },
    { runs: [{ x: 72, y: 780, size: 12, text: 'Second page text.' }] },
    { runs: [], drawing: true },
  ]);

describe('pdf (hand-written files)', () => {
  it('rebuilds paragraphs from positioned lines, keeps CJK runs whole and marks pages', async () => {
    const document = await parseDocument('report.pdf', threePages());
    expectWellFormed(document);
    // pdf.js reports the ideographic space (U+3000) after 第一条 as an ordinary space.
    const article = ARTICLE.replace('\u3000', ' ');
    expect(document.text).toBe(['Digital governance report', article, ENGLISH, 'Second page text.'].join('\n\n'));
    const pages = spansOf(document, 'page');
    expect(pages.map((page) => page.label)).toEqual(['1', '2']);
    expect(spanText(document, pages[1])).toBe('Second page text.');
    expect(spansOf(document, 'paragraph').map((span) => spanText(document, span))).toEqual(['Digital governance report', article, ENGLISH, 'Second page text.']);
    expect(spansOf(document, 'article').map((span) => span.label)).toEqual(['第一条']);
    expect(document.notes).toEqual(['Page 3 had no text layer (scanned or blank) and is not in the text.']);
  });

  it('refuses a PDF with no text layer, saying to run OCR', async () => {
    const scanned = buildPdf([{ runs: [], drawing: true }, { runs: [], drawing: true }]);
    await expectRefusal(parseDocument('scan.pdf', scanned), 'scan.pdf', /has no text layer.+run OCR on it first/);
  });

  it('refuses an encrypted PDF that needs a password, though it is a valid encrypted PDF', async () => {
    const encrypted = buildPdf([{ runs: [{ x: 72, y: 700, size: 12, text: 'Confidential minutes' }] }], {
      encrypt: { userPassword: 'open sesame', ownerPassword: 'owner' },
    });
    expect(Buffer.from(encrypted).toString('latin1')).toContain('/Encrypt');
    // The fixture is real: with the password, pdf.js reads the text.
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const opened = await pdfjs.getDocument({ data: new Uint8Array(encrypted), password: 'open sesame', verbosity: 0 }).promise;
    const content = await (await opened.getPage(1)).getTextContent();
    expect(content.items.map((item) => ('str' in item ? item.str : '')).join('')).toBe('Confidential minutes');
    await opened.destroy();
    await expectRefusal(parseDocument('minutes.pdf', encrypted), 'minutes.pdf', /protected with a password/);
  });

  it('recovers the text of a PDF whose xref offsets are corrupted, and says the table was damaged', async () => {
    const intact = await parseDocument('report.pdf', threePages());
    const broken = await parseDocument('broken.pdf', breakXref(threePages()));
    expect(broken.text).toBe(intact.text);
    expect(intact.notes.join(' ')).not.toMatch(/cross-reference/);
    expect(broken.notes.join(' ')).toMatch(/cross-reference table is damaged; the text was recovered/);
  });

  it('refuses a PDF damaged beyond repair, and a file that is not a PDF', async () => {
    const garbage = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({ length: 2000 }, (_, index) => (index * 37) % 256))]);
    await expectRefusal(parseDocument('garbage.pdf', garbage), 'garbage.pdf', /damaged and could not be read as a PDF \(Invalid PDF structure\.\)/);
    const cut = threePages().subarray(0, 300);
    await expectRefusal(parseDocument('cut.pdf', cut), 'cut.pdf', /damaged and could not be read as a PDF/);
    await expectRefusal(parseDocument('notes.pdf', Buffer.from('plain words')), 'notes.pdf', /not a PDF file/);
  });

  it('leaves out a damaged page with a note instead of refusing the whole PDF', async () => {
    const pdf = buildPdf([{ runs: [{ x: 72, y: 700, size: 12, text: 'Page one.' }] }, { runs: [{ x: 72, y: 700, size: 12, text: 'Page two.' }] }]);
    // Break page 2's content stream: no endstream, and a /Length running past the file's end.
    let text = Buffer.from(pdf).toString('latin1');
    const end = text.lastIndexOf('endstream');
    text = `${text.slice(0, end)}endstreaX${text.slice(end + 9)}`;
    const lengthAt = text.lastIndexOf('/Length ', end);
    text = text.slice(0, lengthAt) + text.slice(lengthAt).replace(/\/Length (\d+)/, (_, digits: string) => `/Length ${'9'.repeat(digits.length)}`);
    const document = await parseDocument('two.pdf', new Uint8Array(Buffer.from(text, 'latin1')));
    expect(document.text).toBe('Page one.');
    expect(spansOf(document, 'page').map((span) => span.label)).toEqual(['1']);
    expect(document.notes).toEqual(['Page 2 is damaged and could not be read (Missing endstream command.); it is not in the text.']);
  });

  it('refuses a PDF with more pages than the page cap', async () => {
    const pages = Array.from({ length: 6 }, (_, index) => ({ runs: [{ x: 72, y: 700, size: 12, text: `Page ${index + 1}` }] }));
    await expectRefusal(parseDocument('long.pdf', buildPdf(pages), { caps: { maxPdfPages: 5 } }), 'long.pdf', /has 6 pages, more than the 5.+maxPdfPages/);
  });
});

describe('pdf (rendered by Chromium with an embedded CJK font)', () => {
  let pdf: Uint8Array;
  let profile: string;
  const chinese = `第一条 ${'为了推进本市智慧经济发展，根据有关法律、法规，结合本市实际，制定本条例。'.repeat(3)}`;
  const english = 'Researchers import interview transcripts and policy documents in English and Chinese. '.repeat(3).trim();

  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), 'marginalia-pdf-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await context.newPage();
      await page.setContent(
        `<html><body style="font-family:'WenQuanYi Micro Hei',sans-serif;font-size:14px">
          <h1>数字治理 Digital governance</h1><p>${chinese}</p><p>${english}</p>
          <p style="page-break-before:always">第二页 Second page.</p></body></html>`,
      );
      pdf = new Uint8Array(await page.pdf({ format: 'A4', margin: { top: '2cm', bottom: '2cm', left: '2cm', right: '2cm' } }));
    } finally {
      await context.close();
    }
  });

  afterAll(() => {
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('reads a real-world PDF: wrapped CJK and English paragraphs come back whole, pages are labelled', async () => {
    const document = await parseDocument('rendered.pdf', pdf);
    expectWellFormed(document);
    const paragraphs = spansOf(document, 'paragraph').map((span) => spanText(document, span));
    expect(paragraphs).toEqual(['数字治理 Digital governance', chinese, english, '第二页 Second page.']);
    expect(spansOf(document, 'page').map((span) => span.label)).toEqual(['1', '2']);
    // An article runs to the next article or chapter (it may have several paragraphs), here the end.
    const articles = spansOf(document, 'article');
    expect(articles.map((span) => span.label)).toEqual(['第一条']);
    expect(spanText(document, articles[0]).startsWith(`${chinese}\n\n`)).toBe(true);
    expect(document.notes).toEqual([]);
  });
});

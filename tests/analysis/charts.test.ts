import { describe, expect, it } from 'vitest';
import { crosstab } from '../../electron/services/analysis/crosstab';
import { cooccurrence } from '../../electron/services/analysis/cooccurrence';
import { wordFrequency } from '../../electron/services/analysis/wordfreq';
import { listCodes } from '../../electron/services/codes';
import { chartFile, cooccurrenceHeatMap, crosstabHeatMap, frequencyBarChart, svgToPng, wordfreqBars } from '../../electron/charts/index';
import { fitText, niceTicks, textWidth } from '../../electron/charts/layout';
import { UserError } from '../../electron/util/errors';
import type { CodeId } from '../../shared/domain/ids';
import { analysisFixture } from './fixture';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR chunk (the first chunk, right after the signature). */
function pngSize(png: Buffer): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The text a chart shows: its title and every label, entities decoded. */
function svgText(svg: string): string {
  return svg
    .replace(/<[^>]+>/g, '\n')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

/**
 * English fixed words (titles, units, notes) in a chart's text. The fixture's own names
 * (Policy/Data, province, Zhejiang, level, city, Ana) are data and are not in this list.
 */
function englishFixedWords(svg: string): string[] {
  const fixed = /\b(Code|Codes|code|codes|frequencies|by|unit|coder|coders|all|where|and|segments|documents|characters|coverage|of|include|descendants|own|codings|stacked|bars|passages|pairs|co-occurrence|overlap|diagonal|grey|itself|Most|frequent|words|word|whole|texts|inside|coded|minimum|length|stop|left|out|none|no|sources|scope|row|column)\b/g;
  return svgText(svg).match(fixed) ?? [];
}

describe('charts', () => {
  it('draws code frequencies per province as bars labelled with the unit, as SVG and as PNG', async () => {
    const { session, codes } = await analysisFixture();
    const report = crosstab(session, { kind: 'crosstab', by: 'province', codeIds: [codes.data.id, codes.platform.id, codes.assessment.id] });
    const colors = new Map<CodeId, string>(listCodes(session).map((code) => [code.id, code.color]));
    const svg = await frequencyBarChart(report, colors, { width: 800, height: 450, stacked: false });
    expect(svg).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]* width="800" height="450"/);
    expect(svg).toContain('Code frequencies by province');
    expect(svg).toContain('segments (number of codings)');
    expect(svg).toContain('Policy/Platform');
    // Each code in its codebook colour. A bar per code and value (3 × 3) less the three zeros
    // (Data in Anhui, Platform and Assessment in (none)), plus three legend swatches: 6 + 3.
    expect(svg).toContain(`fill="${colors.get(codes.platform.id)}"`);
    expect(svg.match(/class="recharts-rectangle"/g)?.length).toBe(9);
    const png = await svgToPng(svg, 2);
    expect(pngSize(png)).toEqual({ width: 1600, height: 900 });
    expect(await chartFile(svg, 'chart.svg', 2)).toBe(svg);
    await expect(chartFile(svg, 'chart.pdf', 2)).rejects.toThrow(UserError);
  });

  it('stacks codes only when none contains another', async () => {
    const { session, codes } = await analysisFixture();
    const colors = new Map<CodeId, string>();
    const nested = crosstab(session, { kind: 'crosstab', by: 'province', codeIds: [codes.policy.id, codes.data.id] });
    await expect(frequencyBarChart(nested, colors, { width: 800, height: 450, stacked: true })).rejects.toThrow(/Policy already includes Policy\/Data/);
    const flat = crosstab(session, { kind: 'crosstab', by: 'province', codeIds: [codes.data.id, codes.assessment.id] });
    const svg = await frequencyBarChart(flat, colors, { width: 800, height: 450, stacked: true });
    // The stack's total above each column: Zhejiang Data 3 + Assessment 2 = 5.
    expect(svg).toMatch(/>5<\/tspan>/);
  });

  it('draws heat maps of a crosstab and of co-occurrence, and word bars, with Chinese labels', async () => {
    const { session } = await analysisFixture();
    const heat = await crosstabHeatMap(crosstab(session, { kind: 'crosstab', by: 'province', unit: 'coverage' }), { width: 700 });
    expect(heat).toContain("coverage (% of the column's characters)".replace("'", '&#x27;'));
    const co = await cooccurrenceHeatMap(cooccurrence(session, { kind: 'cooccurrence' }), { width: 700 });
    expect(co).toContain('diagonal in grey');
    await expect(cooccurrenceHeatMap(cooccurrence(session, { kind: 'cooccurrence', by: 'province' }), { width: 700 })).rejects.toThrow(/one matrix/);
    const words = await wordfreqBars(wordFrequency(session, { kind: 'wordfreq', by: 'province', top: 3 }), { width: 900 });
    expect(words).toContain('平台');
    expect(words).toContain('province = Zhejiang');
    const size = pngSize(await svgToPng(words, 1));
    expect(size.width).toBe(900);
    expect(size.height).toBeGreaterThan(150);
  });

  it('draws every fixed word in Chinese for zh-CN, and English exactly as before without a language', async () => {
    const { session, codes } = await analysisFixture();
    const colors = new Map<CodeId, string>(listCodes(session).map((code) => [code.id, code.color]));
    const report = crosstab(session, { kind: 'crosstab', by: 'province', unit: 'documents', codeIds: [codes.data.id, codes.assessment.id] });
    const size = { width: 960, height: 540, stacked: true };
    // English stays the default: no language and 'en' draw the same bytes.
    const english = await frequencyBarChart(report, colors, size);
    expect(await frequencyBarChart(report, colors, { ...size, language: 'en' })).toBe(english);
    expect(english).toContain('Code frequencies by province');
    // The check below finds English fixed words where there are some.
    expect(englishFixedWords(english)).toEqual(expect.arrayContaining(['Code', 'frequencies', 'unit', 'coder', 'none']));

    const chinese = await frequencyBarChart(report, colors, { ...size, language: 'zh-CN' });
    expect(chinese).toContain('<title>代码频数（按 province）</title>');
    expect(svgText(chinese)).toContain(
      '单位：资料（有编码的资料数）；编码员：全部编码员；代码含其下级代码；堆积柱为各代码之和（带两个代码的片段或资料计两次）',
    );
    // The column of sources without a province, as the Analysis tab names it.
    expect(svgText(chinese)).toContain('（无）');
    expect(englishFixedWords(chinese)).toEqual([]);
    // The project's own names are never translated.
    expect(svgText(chinese)).toContain('Policy/Data');

    const heat = await crosstabHeatMap(crosstab(session, { kind: 'crosstab', by: 'province', unit: 'characters', percent: 'row', where: [{ attribute: 'level', op: '=', value: 'city' }] }), { width: 700, language: 'zh-CN' });
    expect(svgText(heat)).toContain('代码（按 province）');
    expect(svgText(heat)).toContain('单位：行 %（字符）；编码员：全部编码员；筛选：level = city');
    expect(englishFixedWords(heat)).toEqual([]);

    const co = await cooccurrenceHeatMap(cooccurrence(session, { kind: 'cooccurrence', coder: 'Ana' }), { width: 700, language: 'zh-CN' });
    expect(svgText(co)).toContain('代码共现（重叠）');
    expect(svgText(co)).toContain('单位：片段对（成对的编码）；编码员：Ana');
    expect(svgText(co)).toContain('（灰色对角线：代码与自身）');
    expect(englishFixedWords(co)).toEqual([]);

    const words = await wordfreqBars(wordFrequency(session, { kind: 'wordfreq', by: 'province', top: 3 }), { width: 900, language: 'zh-CN' });
    expect(svgText(words)).toContain('高频词（按 province）');
    expect(svgText(words)).toContain('单位：每个词出现的次数；全文；最短词长 2；已去除停用词');
    expect(svgText(words)).toContain('province = （无）');
    expect(englishFixedWords(words)).toEqual([]);
    const inCode = await wordfreqBars(wordFrequency(session, { kind: 'wordfreq', codeId: codes.data.id }), { width: 900, language: 'zh-CN' });
    expect(svgText(inCode)).toContain('高频词');
    expect(svgText(inCode)).toContain('编码为 Policy/Data 的片段内');
    expect(englishFixedWords(inCode)).toEqual([]);
    // The PNG is drawn from the same SVG, with a Chinese face loaded where one is installed.
    expect(pngSize(await svgToPng(chinese, 1))).toEqual({ width: 960, height: 540 });
  });

  it('lays out ticks and labels', () => {
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(210)).toEqual([0, 50, 100, 150, 200, 250]);
    expect(niceTicks(0)).toEqual([0, 1]);
    // A CJK character is a full em; Latin letters about half.
    expect(textWidth('数据', 10)).toBe(20);
    expect(textWidth('ab', 10)).toBe(10);
    expect(fitText('Instruments/Digital planning system', 12, 80)).toMatch(/…$/);
    expect(textWidth(fitText('Instruments/Digital planning system', 12, 80), 12)).toBeLessThanOrEqual(80);
  });
});

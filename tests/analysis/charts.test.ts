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

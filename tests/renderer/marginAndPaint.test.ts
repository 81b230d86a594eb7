import { describe, expect, it } from 'vitest';
import type { CodeId } from '../../shared/domain/ids';
import { packLanes, placeLabels } from '../../renderer/features/document/lanes';
import { splitBlocks } from '../../renderer/features/document/model';
import { blend, highlightStyle, paintBlock } from '../../renderer/features/document/paint';
import { makeCoding, makeSource, testId } from './support/fixtures';

describe('packing coding stripes into lanes', () => {
  it('puts overlapping codings side by side and reuses a lane once it is free', () => {
    const { stripes, laneCount } = packLanes([
      { id: 'a', top: 0, bottom: 100 },
      { id: 'b', top: 50, bottom: 150 },
      { id: 'c', top: 120, bottom: 200 },
    ]);
    const lane = Object.fromEntries(stripes.map((stripe) => [stripe.id, stripe.lane]));
    expect(lane).toEqual({ a: 0, b: 1, c: 0 });
    expect(laneCount).toBe(2);
  });

  it('gives the longer of two codings starting together the first lane', () => {
    const { stripes } = packLanes([
      { id: 'short', top: 0, bottom: 20 },
      { id: 'long', top: 0, bottom: 300 },
    ]);
    expect(stripes.find((stripe) => stripe.id === 'long')?.lane).toBe(0);
  });

  it('needs as many lanes as codings overlap at one point', () => {
    const nested = Array.from({ length: 6 }, (_, index) => ({ id: `n${index}`, top: index, bottom: 100 - index }));
    expect(packLanes(nested).laneCount).toBe(6);
  });
});

describe('placing stripe labels', () => {
  it('stacks colliding labels, and counts those that would start below their stripe on the label above', () => {
    const labels = placeLabels(
      [
        { id: 'a', top: 0, bottom: 40 },
        { id: 'b', top: 0, bottom: 40 },
        { id: 'c', top: 0, bottom: 20 },
        { id: 'd', top: 100, bottom: 120 },
      ],
      17,
    );
    expect(labels).toEqual([
      { id: 'c', top: 0, more: [] },
      { id: 'a', top: 17, more: [] },
      { id: 'b', top: 34, more: [] },
      { id: 'd', top: 100, more: [] },
    ]);
    const crowded = placeLabels(
      Array.from({ length: 5 }, (_, index) => ({ id: `x${index}`, top: 0, bottom: 30 })),
      17,
    );
    expect(crowded).toEqual([
      { id: 'x0', top: 0, more: [] },
      { id: 'x1', top: 17, more: ['x2', 'x3', 'x4'] },
    ]);
  });
});

describe('painting a block', () => {
  const text = '制定了三年行动计划，把任务分解到各个部门';
  const source = makeSource(text);
  const [block] = splitBlocks(text);
  const planning = testId<CodeId>();
  const instruments = testId<CodeId>();

  it('cuts the text at every coding boundary and lists the covering codings', () => {
    const first = makeCoding(source.id, planning, 3, 9);
    const second = makeCoding(source.id, instruments, 6, 14);
    const pieces = paintBlock(block, [first, second]);
    expect(pieces.map((piece) => text.slice(piece.start, piece.end))).toEqual([
      '制定了',
      '三年行',
      '动计划',
      '，把任务分',
      '解到各个部门',
    ]);
    expect(pieces.map((piece) => piece.codeIds)).toEqual([[], [planning], [planning, instruments], [instruments], []]);
    expect(pieces[2].codingIds).toEqual([first.id, second.id]);
  });

  it('counts a code once in a piece where two of its codings overlap', () => {
    const pieces = paintBlock(block, [makeCoding(source.id, planning, 0, 5), makeCoding(source.id, planning, 2, 8)]);
    expect(pieces.find((piece) => piece.start === 2)?.codeIds).toEqual([planning]);
  });

  it('an uncoded block is one plain piece', () => {
    expect(paintBlock(block, [])).toEqual([{ start: 0, end: text.length, codingIds: [], codeIds: [] }]);
  });

  it('blends the codes’ colours as translucent layers, darker where codings overlap', () => {
    // 26 % of #0072b2 over white.
    expect(highlightStyle(['#0072b2'], null).backgroundColor).toBe('rgb(189, 218, 235)');
    expect(blend(['#0072b2'], 0.26)).toBe('rgb(189, 218, 235)');
    const overlap = highlightStyle(['#0072b2', '#e69f00'], null);
    expect(overlap.backgroundColor).toBe(blend(['#0072b2', '#e69f00'], 0.2));
    expect(overlap.textDecorationColor).toBe('#e69f00');
    const lightness = (rgb: unknown) =>
      String(rgb)
        .match(/\d+/g)
        ?.map(Number)
        .reduce((sum, value) => sum + value, 0) ?? 0;
    expect(lightness(overlap.backgroundColor)).toBeLessThan(
      lightness(highlightStyle(['#e69f00'], null).backgroundColor),
    );
    expect(highlightStyle(['#0072b2', '#e69f00'], null)).toBe(overlap);
  });

  it('marks an emphasised coding with a line in its colour', () => {
    expect(String(highlightStyle(['#0072b2'], '#0072b2').boxShadow)).toBe('inset 0 -2px 0 #0072b2');
  });
});

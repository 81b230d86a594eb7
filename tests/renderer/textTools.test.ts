import { describe, expect, it } from 'vitest';
import { extendRange, paragraphAt } from '../../renderer/features/document/extend';
import { findAll, firstMatchFrom } from '../../renderer/features/document/find';
import { IN_VIVO_MAX_LENGTH, inVivoName } from '../../renderer/features/document/inVivo';

const slice = (text: string, range: { start: number; end: number }): string => text.slice(range.start, range.end);
const rangeOf = (text: string, phrase: string): { start: number; end: number } => {
  const start = text.indexOf(phrase);
  if (start === -1) throw new Error(`"${phrase}" is not in the text`);
  return { start, end: start + phrase.length };
};

describe('widening a range to the sentence or paragraph', () => {
  const chinese =
    '问：规划怎么定的？答：我们按照省里的规划，制定了三年行动计划。每个部门都有“明确的指标。”年底要考核！\n第二段。';

  it('widens a Chinese selection to the sentence around it, ending at 。', () => {
    const range = extendRange(chinese, rangeOf(chinese, '三年行动'), 'sentence');
    expect(slice(chinese, range)).toBe('答：我们按照省里的规划，制定了三年行动计划。');
  });

  it('keeps a closing quote with the sentence it closes, and stops at ！', () => {
    expect(slice(chinese, extendRange(chinese, rangeOf(chinese, '明确'), 'sentence'))).toBe(
      '每个部门都有“明确的指标。”',
    );
    expect(slice(chinese, extendRange(chinese, rangeOf(chinese, '考核'), 'sentence'))).toBe('年底要考核！');
  });

  it('covers every sentence a range touches, never past its paragraph', () => {
    const range = extendRange(chinese, rangeOf(chinese, '计划。每个'), 'sentence');
    expect(slice(chinese, range)).toBe('答：我们按照省里的规划，制定了三年行动计划。每个部门都有“明确的指标。”');
    expect(slice(chinese, extendRange(chinese, rangeOf(chinese, '第二'), 'sentence'))).toBe('第二段。');
  });

  it('does not end an English sentence at a decimal point or inside a web address', () => {
    const english = 'Funding rose by 3.5 percent, see www.gov.cn for details. Then it fell! Did it?';
    expect(slice(english, extendRange(english, rangeOf(english, 'percent'), 'sentence'))).toBe(
      'Funding rose by 3.5 percent, see www.gov.cn for details.',
    );
    expect(slice(english, extendRange(english, rangeOf(english, 'fell'), 'sentence'))).toBe('Then it fell!');
    expect(slice(english, extendRange(english, rangeOf(english, 'Did'), 'sentence'))).toBe('Did it?');
  });

  it('widens to whole paragraphs (the text between line breaks), leaving out their spaces', () => {
    const text = 'First paragraph. Two sentences.\n  Second one, indented.  \nThird.';
    expect(slice(text, extendRange(text, rangeOf(text, 'Two'), 'paragraph'))).toBe('First paragraph. Two sentences.');
    expect(slice(text, extendRange(text, rangeOf(text, 'indented'), 'paragraph'))).toBe('Second one, indented.');
    expect(slice(text, extendRange(text, rangeOf(text, 'sentences.\n  Second'), 'paragraph'))).toBe(
      'First paragraph. Two sentences.\n  Second one, indented.',
    );
    expect(paragraphAt(text, 0)).toEqual({ start: 0, end: 31 });
  });
});

describe('in-document find', () => {
  it('finds one- and two-character Chinese queries and ignores case in English', () => {
    const text = '数字政府建设。数字化改革，数据共享。Digital reform and DIGITAL government.';
    expect(findAll(text, '数')).toEqual([0, 7, 13]);
    expect(findAll(text, '数字')).toEqual([0, 7]);
    expect(findAll(text, 'digital')).toEqual([text.indexOf('Digital'), text.indexOf('DIGITAL')]);
    expect(findAll(text, '')).toEqual([]);
  });

  it('treats the query as plain text, not a pattern, and does not overlap matches', () => {
    expect(findAll('a.b axb (c) (c)', '.')).toEqual([1]);
    expect(findAll('a.b axb (c) (c)', '(c)')).toEqual([8, 12]);
    expect(findAll('aaaa', 'aa')).toEqual([0, 2]);
  });

  it('starts at the first match at or after the reading position, wrapping to the top', () => {
    expect(firstMatchFrom([3, 10, 20], 0)).toBe(0);
    expect(firstMatchFrom([3, 10, 20], 10)).toBe(1);
    expect(firstMatchFrom([3, 10, 20], 21)).toBe(0);
    expect(firstMatchFrom([], 5)).toBe(-1);
  });
});

describe('in-vivo code names', () => {
  it('takes the selected words without framing quotes, punctuation or line breaks', () => {
    expect(inVivoName('“数字化改革”。')).toBe('数字化改革');
    expect(inVivoName('  a pilot in\n two townships, ')).toBe('a pilot in two townships');
    expect(inVivoName('「最多跑一次」')).toBe('最多跑一次');
    expect(inVivoName('。，！')).toBeNull();
  });

  it('cuts a long selection at a whole character and marks the cut', () => {
    const long = '𠀀'.repeat(IN_VIVO_MAX_LENGTH + 5);
    const name = inVivoName(long) ?? '';
    expect(Array.from(name)).toHaveLength(IN_VIVO_MAX_LENGTH + 1);
    expect(name.endsWith('𠀀…')).toBe(true);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../renderer/i18n';
import { locationLabel, quotation, quotations } from '../../renderer/features/retrieval/citation';

const none = { page: null, article: null, turn: null, paragraph: null };

afterEach(() => setLocale('en'));

describe('citations of retrieved passages', () => {
  it('cite the page first, with the article of a policy document beside it', () => {
    expect(locationLabel({ ...none, page: '12', paragraph: 40 })).toBe('p. 12');
    expect(locationLabel({ ...none, page: '3', article: '第五条', paragraph: 9 })).toBe('p. 3, 第五条');
    expect(locationLabel({ ...none, article: '7' })).toBe('§ 7');
  });

  it('fall back to the speaker turn, then the paragraph, then nothing', () => {
    expect(locationLabel({ ...none, turn: { number: 14, speaker: 'Official' }, paragraph: 14 })).toBe('turn 14');
    expect(locationLabel({ ...none, paragraph: 5 })).toBe('para. 5');
    expect(locationLabel(none)).toBeNull();
  });

  it('quote the passage on one line with the source and where it is', () => {
    const passage = {
      text: 'We own the data\nand set the rules.',
      source: 'Zhejiang - interview',
      location: { ...none, turn: { number: 4, speaker: null } },
    };
    expect(quotation(passage)).toBe('“We own the data and set the rules.” (Zhejiang - interview, turn 4)');
    expect(quotation({ ...passage, location: none })).toBe(
      '“We own the data and set the rules.” (Zhejiang - interview)',
    );
    expect(quotations([passage, { ...passage, text: 'Second.' }])).toBe(
      '“We own the data and set the rules.” (Zhejiang - interview, turn 4)\n\n“Second.” (Zhejiang - interview, turn 4)',
    );
  });

  it('follow Chinese conventions in the Chinese interface', () => {
    setLocale('zh-CN');
    const passage = {
      text: '将改革成效纳入部门年度考核。',
      source: '浙江 - 县级方案',
      location: { ...none, page: '12' },
    };
    expect(quotation(passage)).toBe('“将改革成效纳入部门年度考核。”（浙江 - 县级方案，第12页）');
    expect(locationLabel({ ...none, article: '3' })).toBe('第3条');
    expect(locationLabel({ ...none, turn: { number: 2, speaker: '答' } })).toBe('第2段发言');
  });
});

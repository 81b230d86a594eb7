import { afterEach, describe, expect, it } from 'vitest';
import type { RetrievalReport } from '../../shared/ipc/channels/retrieval';
import { summaryLine } from '../../renderer/features/retrieval/RetrievalView';
import { setLocale } from '../../renderer/i18n';

/** A report whose filters keep `sourceCount` sources (passages are counted by the caller). */
function report(sourceCount: number, filtered: boolean): RetrievalReport {
  return {
    codeId: 'c',
    codePath: 'Policy',
    includeDescendants: true,
    where: filtered ? [{ attribute: 'year', op: '>=', value: '2022' }] : [],
    coder: null,
    attributes: [],
    sourceCount,
    passages: [],
  };
}

afterEach(() => setLocale('en'));

describe('the Retrieval summary line', () => {
  it('names the sources once when every source in scope has passages, with plurals on both numbers', () => {
    setLocale('en');
    expect(summaryLine(800, 1, report(1, true))).toBe('800 passages in 1 source');
    expect(summaryLine(1, 1, report(1, false))).toBe('1 passage in 1 source');
    expect(summaryLine(2400, 3, report(3, false))).toBe('2,400 passages in 3 sources');
  });

  it('says "of" only when some sources in scope have none, and which sources when filters choose them', () => {
    setLocale('en');
    expect(summaryLine(40, 3, report(12, false))).toBe('40 passages in 3 of 12 sources');
    expect(summaryLine(40, 3, report(12, true))).toBe('40 passages in 3 of the 12 sources the filters keep');
    expect(summaryLine(0, 0, report(12, true))).toBe('0 passages');
  });

  it('reads naturally in Chinese', () => {
    setLocale('zh-CN');
    expect(summaryLine(800, 1, report(1, true))).toBe('800 个片段，来自 1 份资料');
    expect(summaryLine(40, 3, report(12, false))).toBe('40 个片段，来自 12 份资料中的 3 份');
    expect(summaryLine(40, 3, report(12, true))).toBe('40 个片段，来自筛选保留的 12 份资料中的 3 份');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../renderer/i18n';
import { reportSentence } from '../../renderer/features/sources/importModel';

// The import report's sentences in the interface's language (tests/services/import-zh-keys.test.ts
// checks the keys a real batch emits; these are the shapes it gives).

afterEach(() => setLocale('en'));

describe('reportSentence', () => {
  const empty = { reason: 'a.txt is empty (0 bytes).', key: { key: 'import.empty', params: { file: 'a.txt' } } };
  const images = { reason: '3 images were left out; Marginalia imports the text only.', key: { key: 'import.imagesDropped', params: { count: 3 } } };

  it('says a keyed sentence in Chinese, with plural messages and numbers filled in', () => {
    setLocale('zh-CN');
    expect(reportSentence(empty.reason, empty.key)).toBe('a.txt 是空文件（0 字节）。');
    expect(reportSentence(images.reason, images.key)).toBe('略去了 3 张图片；Marginalia 只导入文字。');
    expect(reportSentence('x', { key: 'import.tooLong', params: { file: 'b.txt', cap: 50_000_000 } })).toContain('超过 50,000,000 个字符');
  });

  it('keeps the English sentence without a key, with a key this interface does not know, and in English', () => {
    setLocale('zh-CN');
    expect(reportSentence('Something new.', undefined)).toBe('Something new.');
    expect(reportSentence('Something newer.', { key: 'import.notYetKnown', params: {} })).toBe('Something newer.');
    setLocale('en');
    expect(reportSentence(empty.reason, empty.key)).toBe(empty.reason);
    expect(reportSentence(images.reason, images.key)).toBe(images.reason);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../renderer/i18n';
import { listText, reportSentence } from '../../renderer/features/sources/importModel';

// Lists the backend joins with ", " for its English sentence read as Chinese lists ("、", and
// “” around the names it quoted) in a Chinese report; the English sentence is left as it is.

afterEach(() => setLocale('en'));

describe('lists inside report sentences', () => {
  const columns = {
    sentence: 'There is no column named "答案" to use as the text; the columns are "编号", "省份", "回答".',
    key: { key: 'import.noColumn.text', params: { column: '答案', columns: '"编号", "省份", "回答"' } },
  };
  const pages = {
    sentence: 'Pages 3, 5, 7 had no text layer (scanned or blank) and are not in the text.',
    key: { key: 'import.pdfPagesNoText', params: { count: 3, pages: '3, 5, 7' } },
  };

  it('joins them with 、 in Chinese, quoting names with “”', () => {
    setLocale('zh-CN');
    expect(reportSentence(columns.sentence, columns.key)).toBe('没有名为“答案”的列可用作文本列；现有的列为“编号”、“省份”、“回答”。');
    expect(reportSentence(pages.sentence, pages.key)).toBe('第 3、5、7 页没有文字层（扫描页或空白页），未包含在文字中。');
    // A note of a spreadsheet inside the batch's notes carries its list too.
    const inFile = { key: 'import.fileNote', params: { file: 'a.csv', note: 'x', noteKey: 'import.columnsVary', count: 2, columns: '"省份", "年份"' } };
    expect(reportSentence('a.csv: x', inFile)).toBe('a.csv：“省份”、“年份”列在各行中的值不同，因此不能作为同一份资料的属性；如需保留，请按每行一份资料导入。');
    expect(listText(['浙江', '安徽'])).toBe('浙江、安徽');
  });

  it('keeps the backend\'s English sentence in English', () => {
    expect(reportSentence(columns.sentence, columns.key)).toBe(columns.sentence);
    expect(reportSentence(pages.sentence, pages.key)).toBe(pages.sentence);
    expect(listText(['Zhejiang', 'Anhui'])).toBe('Zhejiang, Anhui');
  });
});

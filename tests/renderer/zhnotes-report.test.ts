import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../renderer/i18n';
import { reportSentence } from '../../renderer/features/sources/importModel';

// A spreadsheet's note among the batch's notes ("<file>: <note>", key import.fileNote with the
// note's own key inside, as services/importing.ts gives it): the dialog translates both.

afterEach(() => setLocale('en'));

describe('reportSentence for a spreadsheet note of the batch', () => {
  const sentence = 'corpus/answers.xlsx: Read the sheet "Answers"; the workbook has 2 sheets.';
  const keyed = {
    key: 'import.fileNote',
    params: { file: 'corpus/answers.xlsx', note: 'Read the sheet "Answers"; the workbook has 2 sheets.', noteKey: 'import.sheetRead', sheet: 'Answers', count: 2 },
  };

  it('says the file and the note in Chinese', () => {
    setLocale('zh-CN');
    expect(reportSentence(sentence, keyed)).toBe('corpus/answers.xlsx：已读取工作表“Answers”；该工作簿共有 2 个工作表。');
  });

  it('keeps the English note inside the Chinese frame when its own key is unknown, and the whole sentence in English', () => {
    setLocale('zh-CN');
    const unknown = { ...keyed, params: { ...keyed.params, noteKey: 'import.fromTheFuture' } };
    expect(reportSentence(sentence, unknown)).toBe('corpus/answers.xlsx：Read the sheet "Answers"; the workbook has 2 sheets.');
    setLocale('en');
    expect(reportSentence(sentence, keyed)).toBe(sentence);
  });
});

import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../electron/importers/index';
import { expectWellFormed, spansOf, spanText } from './helpers';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'utf8');

describe('plain-text transcripts', () => {
  it('makes a turn per speaker label, with the speaker as label, continuation lines included', async () => {
    const text = [
      'Interview with a district officer, 12 May 2023',
      '',
      'Interviewer: How long have you worked here?',
      'R1: About ten years.',
      'It started with the grid system.',
      'Interviewer: And the app?',
      'R1: We use it daily.',
    ].join('\n');
    const document = await parseDocument('interview.txt', bytes(text));
    expectWellFormed(document);
    const turns = spansOf(document, 'turn');
    expect(turns.map((turn) => turn.label)).toEqual(['Interviewer', 'R1', 'Interviewer', 'R1']);
    expect(spanText(document, turns[1])).toBe('R1: About ten years.\nIt started with the grid system.');
    expect(document.suggestedKind).toBe('transcript');
    // Every line is still a paragraph.
    expect(spansOf(document, 'paragraph')).toHaveLength(6);
  });

  it('recognises Chinese labels with full-width colons, and Q:/A: and I: labels', async () => {
    const chinese = await parseDocument('访谈.txt', bytes('主持人：请介绍一下。\n受访者A：好的，我在街道工作。\n主持人：谢谢。\n受访者A：不客气。'));
    expect(spansOf(chinese, 'turn').map((turn) => turn.label)).toEqual(['主持人', '受访者A', '主持人', '受访者A']);
    const english = await parseDocument('qa.txt', bytes('Q: Why?\nA: Because.\nI: Thanks.\nQ: More?\nA: No.'));
    expect(spansOf(english, 'turn').map((turn) => turn.label)).toEqual(['Q', 'A', 'I', 'Q', 'A']);
  });

  it('does not take times, URLs or one-off "Note:" lines for speakers', async () => {
    const text = 'Meeting at 12:30 today.\nSee https://example.org for details.\nNote: bring the forms.\nThe rest of the memo follows here.';
    const document = await parseDocument('memo.txt', bytes(text));
    expect(spansOf(document, 'turn')).toEqual([]);
    expect(document.suggestedKind).toBeUndefined();
  });
});

describe('policy documents', () => {
  it('finds 第N条 articles (Chinese and Arabic numerals, 之一), ended by the next article or chapter', async () => {
    const text = [
      '# 某市数据条例',
      '',
      '## 第一章　总则',
      '',
      '第一条　为了规范数据处理活动，制定本条例。',
      '本条第二款另有说明。',
      '',
      '第二条 本条例适用于本市。违反第三条规定的，依法处理。',
      '',
      '第二章　数据资源',
      '',
      '第10条 数据资源目录由市政府编制。',
      '第十条之一 公共数据应当共享。',
    ].join('\n');
    const document = await parseDocument('条例.md', bytes(text));
    expectWellFormed(document);
    const articles = spansOf(document, 'article');
    expect(articles.map((article) => article.label)).toEqual(['第一条', '第二条', '第10条', '第十条之一']);
    expect(spanText(document, articles[0])).toBe('第一条　为了规范数据处理活动，制定本条例。\n本条第二款另有说明。');
    // The chapter line ends 第二条, which must not swallow "第二章".
    expect(spanText(document, articles[1])).toBe('第二条 本条例适用于本市。违反第三条规定的，依法处理。');
    expect(document.suggestedKind).toBe('policy');
    // A plain-text chapter line becomes a heading; the Markdown ones already are.
    const headings = spansOf(document, 'heading').map((span) => spanText(document, span));
    expect(headings).toEqual(['# 某市数据条例', '## 第一章　总则', '第二章　数据资源']);
  });
});

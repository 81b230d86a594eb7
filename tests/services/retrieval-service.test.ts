import { describe, expect, it } from 'vitest';
import { findCodeByPath, createCode } from '../../electron/services/codes';
import { createCoding, locatePassage } from '../../electron/services/codings';
import { contextAround, locate, retrievePassages } from '../../electron/services/retrieval';
import { setCurrentCoder } from '../../electron/services/project';
import { getSourceText, listSources } from '../../electron/services/sources';
import { UserError } from '../../electron/util/errors';
import type { CodeId, SourceId } from '../../shared/domain/ids';
import type { StructureSpan } from '../../shared/domain/types';
import { addText, newTestProject } from '../support/project';

/*
 * Retrieval on real project files: the sample project (six sources in three provinces, coded
 * with the digital-governance codebook) and small projects built through the services.
 */

describe('retrieving the passages of a code', () => {
  it('returns exactly the codings of a code and its descendants in the sources of one province', async () => {
    const { session } = await newTestProject({ sample: true });
    const incentives = findCodeByPath(session, 'Incentives');
    const report = retrievePassages(session, {
      codeId: incentives.id,
      where: [{ attribute: 'province', value: 'Zhejiang' }],
    });

    // The same question asked of the tables directly.
    const expected = session.db
      .prepare(
        `SELECT c.id FROM codings c
         JOIN codes k ON k.id = c.code_id
         JOIN attribute_values v ON v.source_id = c.source_id
         JOIN attributes a ON a.id = v.attribute_id AND a.name = 'province'
         WHERE v.value = 'Zhejiang' AND k.parent_id = ?`,
      )
      .pluck()
      .all(incentives.id) as string[];
    expect(expected.length).toBeGreaterThan(1);
    expect(new Set(report.passages.map((passage) => passage.codingId))).toEqual(new Set(expected));
    expect(report.passages.every((passage) => passage.attributes.province === 'Zhejiang')).toBe(true);
    expect(report.passages.every((passage) => passage.codePath.startsWith('Incentives/'))).toBe(true);
    expect(report.sourceCount).toBe(2);
    expect(report.where).toEqual([{ attribute: 'province', op: '=', value: 'Zhejiang' }]);
    for (const passage of report.passages) {
      const text = getSourceText(session, passage.sourceId as SourceId);
      expect(passage.text).toBe(text.slice(passage.start, passage.end));
      expect(passage.coder).toBe('Sample coder');
    }
    // Reading order: sources in project order, then by position in the text.
    const sourceOrder = listSources(session).map((source) => source.id as string);
    const order = report.passages.map((passage) => [sourceOrder.indexOf(passage.sourceId), passage.start]);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
  });

  it('leaves descendants out when asked, and filters by coder', async () => {
    const { session } = await newTestProject({ sample: true });
    const incentives = findCodeByPath(session, 'Incentives');
    expect(retrievePassages(session, { codeId: incentives.id, includeDescendants: false }).passages).toEqual([]);
    const all = retrievePassages(session, { codeId: incentives.id });
    expect(all.passages.length).toBe(
      session.db
        .prepare('SELECT count(*) FROM codings c JOIN codes k ON k.id = c.code_id WHERE k.parent_id = ?')
        .pluck()
        .get(incentives.id),
    );
    expect(retrievePassages(session, { codeId: incentives.id, coder: 'Sample coder' }).passages.length).toBe(
      all.passages.length,
    );
    // Ana (the project's own coder) has coded nothing in the sample.
    expect(retrievePassages(session, { codeId: incentives.id, coder: 'Ana' }).passages).toEqual([]);
  });

  it('combines attribute filters (all must hold)', async () => {
    const { session } = await newTestProject({ sample: true });
    const capacity = findCodeByPath(session, 'Capacity');
    const report = retrievePassages(session, {
      codeId: capacity.id,
      where: [
        { attribute: 'province', value: 'Zhejiang' },
        { attribute: 'level', value: 'county' },
      ],
    });
    expect(report.sourceCount).toBe(1);
    expect(report.passages.length).toBeGreaterThan(0);
    expect(new Set(report.passages.map((passage) => passage.source))).toEqual(
      new Set(['浙江 - 县级数字化改革方案（节选）']),
    );
  });

  it('explains an unknown attribute, coder or code in a sentence', async () => {
    const { session } = await newTestProject({ sample: true });
    const capacity = findCodeByPath(session, 'Capacity');
    expect(() =>
      retrievePassages(session, { codeId: capacity.id, where: [{ attribute: 'region', value: 'x' }] }),
    ).toThrow(/no attribute "region"; the project has province/);
    expect(() => retrievePassages(session, { codeId: capacity.id, coder: 'Nobody' })).toThrow(/no coder "Nobody"/);
    expect(() => retrievePassages(session, { codeId: '00000000-0000-4000-8000-000000000000' })).toThrow(UserError);
  });

  it('gives context sentences and the turn a passage of a transcript is in', async () => {
    const { session } = await newTestProject({ codebook: 'empty', coderName: 'Ana' });
    const text = [
      'Interviewer: How did it start? Tell me about the first year.',
      'Respondent: We had no budget. The province sent a pilot team. They stayed two years. Then we were alone.',
      'Interviewer: And after that?',
      'Respondent: 我们自己筹钱。后来企业也参与了。效果很好。',
    ].join('\n');
    const source = await addText(session, 'Interview 7', text, { province: 'Anhui' });
    const code = createCode(session, { parentId: null, name: 'Pilots' });
    setCurrentCoder(session, 'Bo');
    createCoding(session, {
      sourceId: source.id as SourceId,
      codeId: code.id as CodeId,
      ...locatePassage(text, 'The province sent a pilot team.'),
    });
    createCoding(session, {
      sourceId: source.id as SourceId,
      codeId: code.id as CodeId,
      ...locatePassage(text, '后来企业也参与了'),
    });
    const [english, chinese] = retrievePassages(session, { codeId: code.id, contextSentences: 1 }).passages;
    // The sentence before includes the speaker's label: it is part of that line.
    expect(english.before).toBe('Respondent: We had no budget. ');
    expect(english.after).toBe(' They stayed two years.');
    expect(english.location.turn).toEqual({ number: 2, speaker: 'Respondent' });
    expect(english.coder).toBe('Bo');
    expect(chinese.text).toBe('后来企业也参与了');
    expect(chinese.before).toBe('Respondent: 我们自己筹钱。');
    // Mid-sentence end: the rest of the sentence, then one more (here the text ends).
    expect(chinese.after).toBe('。效果很好。');
    expect(chinese.location.turn?.number).toBe(4);
    expect(chinese.attributes).toEqual({ province: 'Anhui' });
  });
});

describe('context around a passage', () => {
  const text = 'One. Two is here. Three has the passage in it. Four. Five.';
  const start = text.indexOf('the passage');
  const end = start + 'the passage'.length;

  it('takes the rest of the passage’s sentence and whole sentences on each side', () => {
    expect(contextAround(text, start, end, 1)).toEqual({ before: 'Two is here. Three has ', after: ' in it. Four.' });
    expect(contextAround(text, start, end, 0)).toEqual({ before: 'Three has ', after: ' in it.' });
    expect(contextAround(text, start, end, 5)).toEqual({
      before: 'One. Two is here. Three has ',
      after: ' in it. Four. Five.',
    });
  });

  it('counts a passage that is a whole sentence as its own sentence', () => {
    const whole = text.indexOf('Two is here.');
    expect(contextAround(text, whole, whole + 'Two is here.'.length, 1)).toEqual({
      before: 'One. ',
      after: ' Three has the passage in it.',
    });
  });

  it('does not split at decimal points or web addresses', () => {
    const decimals = 'Growth was 3.5 percent at www.gov.cn today. Next one.';
    const at = decimals.indexOf('percent');
    expect(contextAround(decimals, at, at + 7, 0)).toEqual({
      before: 'Growth was 3.5 ',
      after: ' at www.gov.cn today.',
    });
  });

  it('marks context cut short by the length limit with an ellipsis', () => {
    const long = `${'word '.repeat(400)}target ${'word '.repeat(400)}`;
    const at = long.indexOf('target');
    const context = contextAround(long, at, at + 6, 2);
    expect(context.before.startsWith('…')).toBe(true);
    expect(context.after.endsWith('…')).toBe(true);
    expect(context.before.length).toBeLessThan(700);
  });
});

describe('where a passage is, for a citation', () => {
  const spans: StructureSpan[] = [
    { kind: 'page', start: 0, end: 100, label: '11', level: null },
    { kind: 'page', start: 100, end: 200, label: '12', level: null },
    { kind: 'paragraph', start: 0, end: 50, label: null, level: null },
    { kind: 'paragraph', start: 50, end: 150, label: null, level: null },
    { kind: 'paragraph', start: 150, end: 200, label: null, level: null },
    { kind: 'article', start: 120, end: 200, label: '第三条', level: null },
  ];

  it('names the page, article and paragraph number around the passage’s start', () => {
    expect(locate(spans, 160)).toEqual({ page: '12', article: '第三条', turn: null, paragraph: 3 });
    expect(locate(spans, 10)).toEqual({ page: '11', article: null, turn: null, paragraph: 1 });
    expect(locate([], 10)).toEqual({ page: null, article: null, turn: null, paragraph: null });
  });
});

import { describe, expect, it } from 'vitest';
import { autocode, autocodeAll, previewAutocode } from '../../electron/services/analysis/autocode';
import { createCode } from '../../electron/services/codes';
import { createCoding } from '../../electron/services/codings';
import { importFiles } from '../../electron/services/sources';
import { paragraphsOf, widenMatches } from '../../electron/services/searchScope';
import { undo } from '../../electron/store/changeLog';
import type { ProjectSession } from '../../electron/services/session';
import type { CodeId, SourceId } from '../../shared/domain/ids';
import { addText, newTestProject } from '../support/project';

function codedTexts(session: ProjectSession, codeId: CodeId): string[] {
  return (
    session.db
      .prepare(
        `SELECT substr(s.text, 1) AS text, c.start, c.end FROM codings c JOIN sources s ON s.id = c.source_id
         WHERE c.code_id = ? ORDER BY s.position, c.start`,
      )
      .all(codeId) as { text: string; start: number; end: number }[]
  ).map((row) => row.text.slice(row.start, row.end));
}

function countCodings(session: ProjectSession): number {
  return (session.db.prepare('SELECT count(*) AS n FROM codings').get() as { n: number }).n;
}

const INTERVIEW =
  '问：你们怎么用数据？\n答：我们有一个数据平台。数据每天更新！其他的不清楚。\n\nWe share data weekly. The Data team checks it? Yes.';
const POLICY = '第一条 为了推进数据共享，制定本办法。\n第二条 本办法适用于全省。';

async function setUp(): Promise<{ session: ProjectSession; codeId: CodeId; interview: SourceId; policy: SourceId }> {
  const { session } = await newTestProject();
  const interview = await addText(session, 'interview', INTERVIEW);
  const policy = await addText(session, 'policy', POLICY);
  const code = createCode(session, { name: 'Data use', parentId: null });
  return { session, codeId: code.id, interview: interview.id, policy: policy.id };
}

describe('autocoding search results', () => {
  it('previews without writing anything: passages, sources, a sample', async () => {
    const { session, codeId } = await setUp();
    const before = countCodings(session);
    const preview = previewAutocode(session, { codeId, term: '数据', ignoreCase: true, scope: 'match' });
    expect(preview).toMatchObject({
      codePath: 'Data use',
      scope: 'match',
      matches: 4,
      passages: 4,
      sources: 2,
      alreadyCoded: 0,
    });
    expect(preview.sample.map((entry) => [entry.sourceName, entry.text])).toEqual([
      ['interview', '数据'],
      ['policy', '数据'],
      ['interview', '数据'],
      ['interview', '数据'],
    ]);
    // Each sample carries a little of its line around it.
    expect(preview.sample[0]).toMatchObject({ before: '问：你们怎么用', text: '数据', after: '？' });
    expect(countCodings(session)).toBe(before);
  });

  it('codes whole sentences (Chinese 。！？ and English), one coding for two matches in one sentence', async () => {
    const { session, codeId } = await setUp();
    const outcome = autocodeAll(session, { codeId, term: 'data', ignoreCase: true, scope: 'sentence' });
    expect(codedTexts(session, codeId)).toEqual(['We share data weekly.', 'The Data team checks it?']);
    expect(outcome).toEqual({
      codings: 2,
      sources: 1,
      alreadyCoded: 0,
      description: 'Autocode "data" as Data use (sentences)',
    });

    const chinese = createCode(session, { name: '数据', parentId: null });
    autocodeAll(session, { codeId: chinese.id, term: '数据', scope: 'sentence' });
    expect(codedTexts(session, chinese.id)).toEqual([
      '问：你们怎么用数据？',
      '答：我们有一个数据平台。',
      '数据每天更新！',
      '第一条 为了推进数据共享，制定本办法。',
    ]);
  });

  it('codes paragraphs from the source structure, or from blank lines when there is none', async () => {
    const { session, codeId } = await setUp();
    autocodeAll(session, { codeId, term: '数据', scope: 'paragraph' });
    expect(codedTexts(session, codeId)).toEqual([
      '问：你们怎么用数据？',
      '答：我们有一个数据平台。数据每天更新！其他的不清楚。',
      '第一条 为了推进数据共享，制定本办法。',
    ]);
    // Without structure spans: paragraphs are separated by blank lines.
    const text = '第一段，数据\n还在第一段。\n\n第二段没有。\n\n第三段：数据。';
    expect(paragraphsOf(text, []).map((paragraph) => text.slice(paragraph.start, paragraph.end))).toEqual([
      '第一段，数据\n还在第一段。',
      '第二段没有。',
      '第三段：数据。',
    ]);
    expect(
      widenMatches(
        text,
        [],
        [
          [4, 6],
          [text.lastIndexOf('数据'), text.length - 1],
        ],
        'paragraph',
      ),
    ).toEqual([
      { start: 0, end: 13 },
      { start: text.indexOf('第三段'), end: text.length },
    ]);
  });

  it('leaves out passages the code already covers, so running it twice codes nothing new', async () => {
    const { session, codeId, interview } = await setUp();
    createCoding(session, { sourceId: interview, codeId, start: 0, end: 11 });
    const preview = previewAutocode(session, { codeId, term: '数据', scope: 'match' });
    expect(preview).toMatchObject({ matches: 4, passages: 3, alreadyCoded: 1 });
    expect(autocodeAll(session, { codeId, term: '数据', scope: 'match' })).toMatchObject({
      codings: 3,
      alreadyCoded: 1,
    });
    expect(autocodeAll(session, { codeId, term: '数据', scope: 'match' })).toMatchObject({
      codings: 0,
      alreadyCoded: 4,
    });
  });

  it('is one undo step, however many sources it codes', async () => {
    const { session, codeId } = await setUp();
    const files = Array.from({ length: 12 }, (_, index) => ({
      name: `extra${index}.txt`,
      data: new TextEncoder().encode(`访谈${index}：数据很多。数据很少。`),
    }));
    await importFiles(session, files, {});
    const before = countCodings(session);
    const outcome = autocodeAll(session, { codeId, term: '数据', scope: 'sentence' });
    expect(outcome).toMatchObject({ codings: 4 + 24, sources: 14 });
    expect(countCodings(session)).toBe(before + 28);
    expect(undo(session.db)).toEqual({ description: 'Autocode "数据" as Data use (sentences)' });
    expect(countCodings(session)).toBe(before);
  });

  it('can be restricted to some sources, and takes regular expressions', async () => {
    const { session, codeId, policy } = await setUp();
    expect(
      autocodeAll(session, { codeId, term: '第.条', regex: true, sourceIds: [policy], scope: 'paragraph' }),
    ).toMatchObject({
      codings: 2,
      sources: 1,
    });
    expect(codedTexts(session, codeId)).toEqual(['第一条 为了推进数据共享，制定本办法。', '第二条 本办法适用于全省。']);
    expect(() => previewAutocode(session, { codeId, term: '[数据', regex: true })).toThrow(/cannot be read/);
  });

  it('keeps the exact, case-sensitive matching of the CLI and codings:autocode', async () => {
    const { session, codeId } = await setUp();
    expect(autocode(session, { codeId, term: 'Data' })).toEqual({ codings: 1, sources: 1 });
    expect(codedTexts(session, codeId)).toEqual(['Data']);
  });
});

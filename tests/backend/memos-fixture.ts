import type { Backend } from '../../electron/backend/backend';
import type { Code, ProjectInfo } from '../../shared/domain/types';
import type { MemoEntry } from '../../shared/ipc/channels/memos';
import { valueOf as value } from '../support/backend';

/** The Chinese interview the coding memo is on: three paragraphs, the coded one in the middle. */
export const INTERVIEW = '第一段：区县干部谈数字平台。\n我们每年都要排名，压力很大。\n第三段：与企业合作。';
export const CODED = '我们每年都要排名';

/** Every memo the fixture writes, by what it is about, with the body as written. */
export type MemoFixture = Readonly<{
  project: ProjectInfo;
  journal: MemoEntry;
  sourceMemo: MemoEntry;
  codeMemo: MemoEntry;
  codingMemo: MemoEntry;
  codePath: string;
}>;

/**
 * A real project (the digital-governance codebook, a Chinese interview and an English one)
 * with a journal entry and a memo on a source, on a code and on a coding; Chinese text,
 * Markdown, commas, quotes, line breaks and a leading "=" included.
 */
export async function memoProject(b: Backend): Promise<MemoFixture> {
  const project = await value<ProjectInfo>(
    b.invoke('projects:create', { name: '数字治理研究', template: 'digital-governance', coderName: '李明' }),
  );
  const report = await value<{ imported: { sourceId: string; name: string }[] }>(
    b.invoke('sources:import', {
      files: [
        { name: '访谈01.txt', dataBase64: Buffer.from(INTERVIEW).toString('base64') },
        { name: 'Interview B.txt', dataBase64: Buffer.from('Pilots were ranked every year.').toString('base64') },
      ],
    }),
  );
  const interview = report.imported.find((file) => file.name === '访谈01')?.sourceId ?? report.imported[0].sourceId;
  const codes = await value<Code[]>(b.invoke('codes:list', {}));
  const incentives = codes.find((code) => code.path === 'Incentives') as Code;
  const political = codes.find((code) => code.path === 'Incentives/Political and economic incentives') as Code;
  const start = INTERVIEW.indexOf(CODED);
  const coding = await value<{ id: string }>(
    b.invoke('codings:create', { sourceId: interview, codeId: political.id, start, end: start + CODED.length }),
  );
  const save = (target: { type: string; id: string | null }, title: string, body: string, memoId?: string) =>
    value<MemoEntry>(b.invoke('memos:save', { target, title, body, memoId }));
  const journal = await save(
    { type: 'project', id: null },
    '第一周',
    '# 开始\n\n- 开始编码\n- **trust** matters, "a lot"',
  );
  const sourceMemo = await save(
    { type: 'source', id: interview },
    '访谈背景',
    '=1+1 is what the official wrote on the board.\n\nInterviewed in *Hefei*, 2024.',
  );
  const codeMemo = await save(
    { type: 'code', id: incentives.id },
    '',
    '激励：注意“干部考核”与排名的区别, with a comma',
  );
  const codingMemo = await save({ type: 'coding', id: coding.id }, '', '为什么这里提到**排名**？\n压力从哪里来');
  return { project, journal, sourceMemo, codeMemo, codingMemo, codePath: political.path };
}

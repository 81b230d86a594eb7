import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { exportProjectModel, importModelIntoProject } from '../../electron/exchange/project';
import { readQdpx } from '../../electron/exchange/read';
import { writeQdpx } from '../../electron/exchange/write';
import { listCodes } from '../../electron/services/codes';
import { createCoding, locatePassage } from '../../electron/services/codings';
import { setCurrentCoder } from '../../electron/services/project';
import { act, newId, type ProjectSession } from '../../electron/services/session';
import { getSourceText, setSourceAttribute } from '../../electron/services/sources';
import { undo } from '../../electron/store/changeLog';
import type { Db } from '../../electron/store/database';
import { addText, newTestProject } from '../support/project';
import { projectSchema, validateWithXmllint } from './support';

/*
 * Marginalia → .qdpx → a new Marginalia project reproduces the project: ids, text, codings
 * with their coders, attributes, memos — with text above U+FFFF, where offsets differ.
 */

const INTERVIEW = '第一条 数字治理 😀 emoji first\n𠀀 second line with 𠀀 twice\nthird line';
const POLICY = 'Article 3. The 😀 county shall publish data.';

function rows(db: Db, sql: string): unknown[] {
  return db.prepare(sql).all();
}

function snapshot(db: Db, importer: string): Record<string, unknown[]> {
  return {
    sources: rows(db, 'SELECT id, name, text, text_length, text_hash FROM sources ORDER BY id'),
    codes: rows(db, 'SELECT id, parent_id, name, color, description, position FROM codes ORDER BY id'),
    codings: rows(
      db,
      'SELECT id, source_id, code_id, start, "end", coder_id, created_at, memo FROM codings ORDER BY id',
    ),
    attributes: rows(db, 'SELECT id, name, type FROM attributes ORDER BY id'),
    values: rows(db, 'SELECT source_id, attribute_id, value FROM attribute_values ORDER BY source_id, attribute_id'),
    coders: (rows(db, 'SELECT id, name FROM coders ORDER BY id') as { name: string }[]).filter(
      (coder) => coder.name !== importer,
    ),
    memos: rows(
      db,
      'SELECT id, target_type, target_id, title, body, author_id, created_at, updated_at FROM memos ORDER BY id',
    ),
  };
}

async function codedProject(): Promise<ProjectSession> {
  const { session } = await newTestProject({ codebook: 'digital-governance', coderName: 'Ana' });
  const interview = await addText(session, 'Interview 1', INTERVIEW);
  const policy = await addText(session, 'Policy', POLICY);
  const codes = listCodes(session);
  const pilots = codes.find((code) => code.path === 'Instruments/Policy experimentation and pilots');
  const capacity = codes.find((code) => code.path === 'Capacity');
  if (!pilots || !capacity) throw new Error('codebook changed');
  // Ana codes a passage after 😀 and one after 𠀀; Ben codes another, overlapping one.
  const first = createCoding(session, {
    sourceId: interview.id,
    codeId: pilots.id,
    ...locatePassage(INTERVIEW, 'emoji first'),
    memo: 'Ana’s note',
  });
  createCoding(session, {
    sourceId: interview.id,
    codeId: capacity.id,
    ...locatePassage(INTERVIEW, 'second line with 𠀀'),
  });
  setCurrentCoder(session, 'Ben');
  createCoding(session, { sourceId: interview.id, codeId: pilots.id, ...locatePassage(INTERVIEW, '😀 emoji') });
  createCoding(session, { sourceId: policy.id, codeId: capacity.id, ...locatePassage(POLICY, 'county shall publish') });
  setSourceAttribute(session, interview.id, 'province', 'Zhejiang');
  setSourceAttribute(session, interview.id, 'year', '2024');
  setSourceAttribute(session, policy.id, 'year', '2023');
  setSourceAttribute(session, policy.id, 'issued', '2023-05-01');
  setSourceAttribute(session, policy.id, 'weight', '0.5');
  const now = new Date().toISOString();
  act(session, 'Add memos', (action) => {
    for (const [target_type, target_id, title] of [
      ['project', null, 'Journal'],
      ['code', pilots.id, 'About pilots'],
      ['source', policy.id, 'About the policy'],
      ['coding', first.id, 'About a coding'],
    ] as const) {
      action.insert('memos', {
        id: newId(),
        target_type,
        target_id,
        title,
        body: `${title}: 😀 & <notes>`,
        author_id: session.coder.id,
        created_at: now,
        updated_at: now,
      });
    }
  });
  expect(getSourceText(session, interview.id)).toBe(INTERVIEW);
  return session;
}

describe('a Marginalia project through REFI-QDA', () => {
  it('comes back identical in a new project: ids, text, codings, coders, attributes, memos', async () => {
    const original = await codedProject();
    const model = exportProjectModel(original.db);
    // Structure REFI-QDA cannot carry (the importer may find "Article 3." an article) is announced up front.
    const structured = (rows(original.db, 'SELECT structure FROM sources') as { structure: string }[]).filter((row) =>
      (JSON.parse(row.structure) as { kind: string }[]).some((span) => span.kind !== 'paragraph'),
    ).length;
    expect(model.report).toEqual(
      structured === 0
        ? []
        : [expect.stringMatching(/structure \(headings, speaker turns, articles, pages\) is not exported/)],
    );
    const exportReport: string[] = [];
    const bytes = writeQdpx(model, { report: exportReport });
    expect(exportReport).toEqual([]);
    const qde = new TextDecoder().decode(unzipSync(bytes)['project.qde']);
    expect(validateWithXmllint(qde, projectSchema).valid).toBe(true);
    // Positions are code points in the file: "emoji first" follows "第一条 数字治理 😀 ", which is
    // 3 + 1 + 4 + 1 + 1 + 1 = 11 code points (12 UTF-16 units), and is 11 characters long.
    expect(qde).toMatch(/name="emoji first" startPosition="11" endPosition="22"/);

    const { session: copy } = await newTestProject({ codebook: 'empty', coderName: 'Importer' });
    const result = importModelIntoProject(copy, readQdpx(bytes, { fileName: 'study.qdpx' }));
    expect(result.report).toEqual([]);
    expect(result).toMatchObject({ sources: 2, codes: 11, codings: 4, attributes: 4, coders: 2, memos: 4 });
    expect(snapshot(copy.db, 'Importer')).toEqual(snapshot(original.db, 'Importer'));
    const types = Object.fromEntries(
      (rows(copy.db, 'SELECT name, type FROM attributes') as { name: string; type: string }[]).map((row) => [
        row.name,
        row.type,
      ]),
    );
    expect(types).toEqual({ province: 'text', year: 'number', issued: 'date', weight: 'number' });
  });

  it('adds nothing when the same file is imported twice, and the import is one undoable step', async () => {
    const original = await codedProject();
    const bytes = writeQdpx(exportProjectModel(original.db));
    const { session: copy } = await newTestProject({ codebook: 'empty', coderName: 'Importer' });
    importModelIntoProject(copy, readQdpx(bytes));
    const before = snapshot(copy.db, 'Importer');
    const again = importModelIntoProject(copy, readQdpx(bytes));
    expect(again).toMatchObject({ sources: 0, codes: 0, codings: 0, attributes: 0, coders: 0, memos: 0 });
    expect(snapshot(copy.db, 'Importer')).toEqual(before);
    // The second import wrote nothing, so one undo takes back the whole first import.
    expect(undo(copy.db)?.description).toMatch(/^Import /);
    for (const table of ['sources', 'codes', 'codings', 'attributes', 'attribute_values', 'memos']) {
      expect(rows(copy.db, `SELECT * FROM ${table}`), table).toEqual([]);
    }
    expect((rows(copy.db, 'SELECT name FROM coders') as { name: string }[]).map((coder) => coder.name)).toEqual([
      'Importer',
    ]);
  });

  it('exports the same GUIDs every time, so colleagues’ copies can be merged back', async () => {
    const original = await codedProject();
    const first = exportProjectModel(original.db);
    const second = exportProjectModel(original.db);
    expect(second.sources.flatMap((source) => source.selections.map((selection) => selection.guid))).toEqual(
      first.sources.flatMap((source) => source.selections.map((selection) => selection.guid)),
    );
    expect(first.sources.map((source) => source.guid)).toEqual(
      rows(original.db, 'SELECT id FROM sources ORDER BY position').map((row) => (row as { id: string }).id),
    );
  });

  it('reports what a foreign file carries that a project cannot hold', async () => {
    const { session } = await newTestProject({ codebook: 'empty', coderName: 'Importer' });
    const code = {
      guid: 'c0de0000-0000-4000-8000-000000000001',
      name: 'A',
      color: null,
      description: '',
      isCodable: false,
      children: [],
    };
    const result = importModelIntoProject(session, {
      name: 'Foreign',
      origin: 'Other',
      description: '',
      creatingUserGuid: null,
      createdAt: null,
      modifiedAt: null,
      users: [{ guid: 'aaaaaaaa-0000-4000-8000-000000000001', name: 'importer', initials: null }],
      codes: [code],
      variables: [],
      cases: [
        {
          guid: 'ca5e0000-0000-4000-8000-000000000001',
          name: 'K',
          description: '',
          codeGuids: [],
          sourceGuids: [],
          variableValues: [],
        },
      ],
      sources: [
        {
          guid: '50c00000-0000-4000-8000-000000000001',
          name: 'S',
          kind: 'text',
          text: 'abc',
          original: null,
          description: '',
          creatingUser: null,
          createdAt: null,
          modifiedAt: null,
          selections: [
            {
              guid: '5e1e0000-0000-4000-8000-000000000001',
              name: null,
              start: 1,
              end: 1,
              description: '',
              creatingUser: null,
              createdAt: null,
              codings: [
                {
                  guid: 'c0d10000-0000-4000-8000-000000000001',
                  codeGuid: code.guid,
                  creatingUser: null,
                  createdAt: null,
                },
              ],
            },
            {
              guid: '5e1e0000-0000-4000-8000-000000000002',
              name: null,
              start: 0,
              end: 2,
              description: 'comment only',
              creatingUser: null,
              createdAt: null,
              codings: [],
            },
          ],
          codings: [
            { guid: 'c0d10000-0000-4000-8000-000000000002', codeGuid: code.guid, creatingUser: null, createdAt: null },
          ],
          variableValues: [],
        },
        {
          guid: '50c00000-0000-4000-8000-000000000002',
          name: 'No text',
          kind: 'text',
          text: null,
          original: null,
          description: '',
          creatingUser: null,
          createdAt: null,
          modifiedAt: null,
          selections: [],
          codings: [],
          variableValues: [],
        },
      ],
      notes: [],
      sets: [
        {
          guid: '5e700000-0000-4000-8000-000000000001',
          name: 'Set',
          description: '',
          codeGuids: [],
          sourceGuids: [],
          noteGuids: [],
        },
      ],
      report: ['from the reader'],
    });
    const report = result.report.join('\n');
    expect(result.report[0]).toBe('from the reader');
    expect(report).toMatch(/"importer" is already a coder/);
    expect(report).toMatch(/1 coding could not be placed/);
    expect(report).toMatch(/1 comment on passages without a code was not kept/);
    expect(report).toMatch(/1 coding of whole sources became codings of their entire text/);
    expect(report).toMatch(/1 source was not imported because its text is missing/);
    expect(report).toMatch(/1 case was not kept/);
    expect(report).toMatch(/1 set was not kept/);
    expect(report).toMatch(/Folders/);
    expect(rows(session.db, 'SELECT start, "end" FROM codings')).toEqual([{ start: 0, end: 3 }]);
  });
});

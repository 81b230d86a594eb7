import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportProjectModel } from '../../electron/exchange/project';
import { readQdpx } from '../../electron/exchange/read';
import { writeQdpx } from '../../electron/exchange/write';
import { deriveGuid } from '../../electron/exchange/model';
import { findCodeByPath, updateCode } from '../../electron/services/codes';
import { deleteCoding } from '../../electron/services/codings';
import { createProjectFromExchange, exportExchange } from '../../electron/services/exchange';
import { applyMerge, previewMerge } from '../../electron/services/merge';
import { closeProject } from '../../electron/services/project';
import { act, newId, nowIso, type ProjectSession } from '../../electron/services/session';
import { deleteSource, setSourceAttribute } from '../../electron/services/sources';
import { undo } from '../../electron/store/changeLog';
import { APPLICATION_ID } from '../../electron/store/database';
import { MIGRATIONS } from '../../electron/store/migrations/index';
import { hashText } from '../../electron/services/sources';
import Database from 'better-sqlite3';
import type { SourceId } from '../../shared/domain/ids';
import { addSource, codePassage, fileFingerprint, projectSnapshot } from '../exchange/projects';
import { newTestProject } from '../support/project';
import { tempDir } from '../support/temp';

/*
 * Merging a colleague's work back, on real project files: my project, and the colleague's
 * copy made the way the workflow makes it (export → new --from → they code), or a project of
 * their own, or a REFI-QDA file from another tool.
 */

const INTERVIEW = '第一条 数字治理 😀 pilots in two towns\n𠀀 a three-year plan with forty tasks';
const POLICY = 'Article 3. The county shall publish data every month.';
const PILOTS = 'Instruments/Policy experimentation and pilots';
const PLANNING = 'Instruments/Digital planning system';
const CAPACITY = 'Capacity';

type Mine = { session: ProjectSession; dir: string; interview: SourceId; policy: SourceId };

/** My project: two sources, the built-in codebook, Ana's codings, a province. */
async function myProject(): Promise<Mine> {
  const { session, dir } = await newTestProject({ codebook: 'digital-governance', coderName: 'Ana' });
  const interview = addSource(session, 'Interview 1', INTERVIEW);
  const policy = addSource(session, 'Policy', POLICY);
  codePassage(session, 'Ana', interview, findCodeByPath(session, PILOTS).id, INTERVIEW, 'pilots in two towns');
  codePassage(session, 'Ana', policy, findCodeByPath(session, CAPACITY).id, POLICY, 'publish data');
  setSourceAttribute(session, interview, 'province', 'Zhejiang');
  return { session, dir, interview, policy };
}

/**
 * Ben's copy, made as the workflow makes it: a .qdpx export of my project (without my
 * codings unless `withMine`), then `new --from` as Ben. `work` is what Ben does in it.
 */
function colleagueCopy(mine: Mine, work: (ben: ProjectSession) => void, options: { withMine?: boolean } = {}): string {
  const exported = exportExchange(mine.session, { format: 'qdpx', withoutCoders: options.withMine ? [] : ['Ana'] });
  const qdpx = join(mine.dir, 'for-ben.qdpx');
  writeFileSync(qdpx, exported.data);
  const path = join(mine.dir, 'ben.marginalia');
  const { session: ben } = createProjectFromExchange(path, { path: qdpx }, { coderName: 'Ben' });
  try {
    work(ben);
  } finally {
    closeProject(ben);
  }
  return path;
}

function changeLogLength(session: ProjectSession): number {
  return (session.db.prepare('SELECT count(*) AS n FROM change_log').get() as { n: number }).n;
}

function codingsOf(session: ProjectSession, coder: string): { source: string; code: string; start: number; end: number }[] {
  return session.db
    .prepare(
      `SELECT s.name AS source, k.name AS code, c.start, c."end" AS "end" FROM codings c
       JOIN sources s ON s.id = c.source_id JOIN codes k ON k.id = c.code_id JOIN coders d ON d.id = c.coder_id
       WHERE d.name = ? ORDER BY s.name, c.start`,
    )
    .all(coder) as { source: string; code: string; start: number; end: number }[];
}

describe('merging a colleague’s copy', () => {
  it('matches sources and codes by id and adds their codings with their coder, leaving their file untouched', async () => {
    const mine = await myProject();
    const benFile = colleagueCopy(mine, (ben) => {
      codePassage(ben, 'Ben', mine.interview, findCodeByPath(ben, PILOTS).id, INTERVIEW, '😀 pilots in two towns');
      codePassage(ben, 'Ben', mine.policy, findCodeByPath(ben, PLANNING).id, POLICY, 'publish data every month', 'monthly');
    });
    const before = fileFingerprint(benFile);

    const preview = previewMerge(mine.session, { path: benFile });
    expect(preview.matched).toMatchObject({ sourcesById: 2, sourcesByText: 0, codesById: 11, codesByPath: 0 });
    expect(preview.add.coders.map((coder) => coder.name)).toEqual(['Ben']);
    expect(preview.add.codings).toEqual({
      total: 2,
      byCoder: [{ name: 'Ben', count: 2 }],
      // In codebook order.
      byCode: [
        { name: PLANNING, count: 1 },
        { name: PILOTS, count: 1 },
      ],
    });
    expect(preview.add.codes).toEqual([]);
    expect(preview.conflicts).toEqual([]);
    // The preview wrote nothing.
    expect(codingsOf(mine.session, 'Ben')).toEqual([]);

    const merged = applyMerge(mine.session, { path: benFile });
    expect(merged.add.codings.total).toBe(2);
    // Coder attribution kept: Ben's codings are Ben's, on my sources and codes, at the same offsets.
    expect(codingsOf(mine.session, 'Ben')).toEqual([
      // "第一条 数字治理 " is 9 UTF-16 units; the emoji is 2 more.
      { source: 'Interview 1', code: 'Policy experimentation and pilots', start: 9, end: 31 },
      { source: 'Policy', code: 'Digital planning system', start: 28, end: 52 },
    ]);
    expect(INTERVIEW.slice(9, 31)).toBe('😀 pilots in two towns');
    expect(POLICY.slice(28, 52)).toBe('publish data every month');
    const memo = mine.session.db.prepare("SELECT memo FROM codings WHERE memo <> ''").all();
    expect(memo).toEqual([{ memo: 'monthly' }]);
    expect(codingsOf(mine.session, 'Ana')).toHaveLength(2);
    // Their file: same bytes, and no -wal or -shm beside it.
    expect(fileFingerprint(benFile)).toEqual(before);
  });

  it('adds nothing the second time', async () => {
    const mine = await myProject();
    const benFile = colleagueCopy(mine, (ben) => {
      codePassage(ben, 'Ben', mine.interview, findCodeByPath(ben, CAPACITY).id, INTERVIEW, 'a three-year plan');
      setSourceAttribute(ben, mine.policy, 'year', '2023');
    });
    applyMerge(mine.session, { path: benFile });
    const after = projectSnapshot(mine.session.db);
    const logged = changeLogLength(mine.session);
    const again = applyMerge(mine.session, { path: benFile });
    expect(again.nothingToAdd).toBe(true);
    expect(again.add.codings.total).toBe(0);
    expect(again.add.attributeValues).toEqual([]);
    expect(again.matched.codings).toBe(1);
    expect(projectSnapshot(mine.session.db)).toEqual(after);
    expect(changeLogLength(mine.session)).toBe(logged);
  });

  it('is one step that a single undo takes back completely', async () => {
    const mine = await myProject();
    const benFile = colleagueCopy(mine, (ben) => {
      codePassage(ben, 'Ben', mine.interview, findCodeByPath(ben, CAPACITY).id, INTERVIEW, 'forty tasks');
      const created = nowIso();
      act(ben, 'Add code', (action) =>
        action.insert('codes', {
          id: newId(),
          parent_id: null,
          name: 'Ben’s new code',
          color: '#123456',
          description: '',
          position: 99,
          created_at: created,
        }),
      );
      setSourceAttribute(ben, mine.policy, 'year', '2023');
    });
    const before = projectSnapshot(mine.session.db);
    const merged = applyMerge(mine.session, { path: benFile });
    expect(merged.add.codes.map((code) => code.path)).toEqual(['Ben’s new code']);
    expect(merged.add.attributes.map((attribute) => attribute.name)).toEqual(['year']);
    expect(projectSnapshot(mine.session.db)).not.toEqual(before);
    expect(undo(mine.session.db)?.description).toBe('Merge ben.marginalia');
    expect(projectSnapshot(mine.session.db)).toEqual(before);
  });

  it('shows an attribute with two values and a renamed code as conflicts, and keeps this project’s', async () => {
    const mine = await myProject();
    const benFile = colleagueCopy(mine, (ben) => {
      setSourceAttribute(ben, mine.interview, 'province', 'Anhui');
      setSourceAttribute(ben, mine.interview, 'wave', '2');
      const pilots = findCodeByPath(ben, PILOTS);
      updateCode(ben, pilots.id, { name: 'Pilots' });
      codePassage(ben, 'Ben', mine.interview, pilots.id, INTERVIEW, 'two towns');
    });
    const preview = previewMerge(mine.session, { path: benFile });
    expect(preview.conflicts).toEqual([
      expect.objectContaining({ kind: 'code-renamed', mine: PILOTS, theirs: 'Instruments/Pilots' }),
      expect.objectContaining({
        kind: 'attribute-value',
        source: 'Interview 1',
        attribute: 'province',
        mine: 'Zhejiang',
        theirs: 'Anhui',
        message: 'Interview 1: province is "Zhejiang" here and "Anhui" in ben.marginalia; "Zhejiang" is kept.',
      }),
    ]);
    expect(preview.add.attributeValues).toEqual([
      { sourceId: mine.interview, source: 'Interview 1', attribute: 'wave', value: '2' },
    ]);
    applyMerge(mine.session, { path: benFile });
    const values = mine.session.db
      .prepare('SELECT a.name, v.value FROM attribute_values v JOIN attributes a ON a.id = v.attribute_id ORDER BY a.name')
      .all();
    expect(values).toEqual([
      { name: 'province', value: 'Zhejiang' },
      { name: 'wave', value: '2' },
    ]);
    // The code keeps my name; Ben's coding with it lands on it.
    expect(findCodeByPath(mine.session, PILOTS).segmentCount).toBe(2);
    expect(() => findCodeByPath(mine.session, 'Instruments/Pilots')).toThrow();
  });

  it('does not bring back what was deleted here since the copy was made', async () => {
    const mine = await myProject();
    const benFile = colleagueCopy(mine, (ben) => {
      codePassage(ben, 'Ben', mine.policy, findCodeByPath(ben, CAPACITY).id, POLICY, 'The county');
    }, { withMine: true });
    const anas = mine.session.db.prepare("SELECT id FROM codings WHERE memo = '' ORDER BY start LIMIT 1").get() as { id: string };
    deleteCoding(mine.session, anas.id as never);
    const merged = applyMerge(mine.session, { path: benFile });
    expect(merged.add.codings.total).toBe(1);
    expect(merged.skipped).toEqual(['1 coding deleted in this project is not added back.']);
    expect(mine.session.db.prepare('SELECT 1 FROM codings WHERE id = ?').get(anas.id)).toBeUndefined();
  });
});

describe('merging after sources were deleted here', () => {
  it('leaves a deleted source out, but finds one imported again by its text', async () => {
    const mine = await myProject();
    const benFile = colleagueCopy(mine, (ben) => {
      codePassage(ben, 'Ben', mine.interview, findCodeByPath(ben, CAPACITY).id, INTERVIEW, 'forty tasks');
      codePassage(ben, 'Ben', mine.policy, findCodeByPath(ben, CAPACITY).id, POLICY, 'every month');
    });
    deleteSource(mine.session, mine.interview);
    deleteSource(mine.session, mine.policy);
    const again = addSource(mine.session, 'Policy (again)', POLICY);
    const merged = applyMerge(mine.session, { path: benFile });
    expect(merged.matched).toMatchObject({ sourcesById: 0, sourcesByText: 1 });
    expect(merged.add.sources).toEqual([]);
    expect(merged.skipped).toContain('1 source deleted in this project is not added back, nor what is coded in it.');
    expect(codingsOf(mine.session, 'Ben')).toEqual([
      { source: 'Policy (again)', code: 'Capacity', start: POLICY.indexOf('every month'), end: POLICY.indexOf('every month') + 11 },
    ]);
    expect(mine.session.db.prepare('SELECT DISTINCT source_id FROM codings').all()).toEqual([{ source_id: again }]);
  });
});

describe('merging a project that was made separately', () => {
  it('matches sources by their text and codes by their path, and maps memos onto them', async () => {
    const mine = await myProject();
    // Ben made his own project: the same built-in codebook (new ids) and the same interview text.
    const { session: ben, path: benFile } = await newTestProject({ codebook: 'digital-governance', coderName: 'Ben' });
    const benInterview = addSource(ben, 'interview-1', INTERVIEW);
    const capacity = findCodeByPath(ben, CAPACITY).id;
    codePassage(ben, 'Ben', benInterview, capacity, INTERVIEW, '𠀀 a three-year plan');
    act(ben, 'Add memo', (action) =>
      action.insert('memos', {
        id: newId(),
        target_type: 'code',
        target_id: capacity,
        title: 'On capacity',
        body: 'Plans show capacity.',
        author_id: ben.coder.id,
        created_at: nowIso(),
        updated_at: nowIso(),
      }),
    );
    closeProject(ben);

    const merged = applyMerge(mine.session, { path: benFile });
    expect(merged.matched).toMatchObject({ sourcesById: 0, sourcesByText: 1, codesById: 0, codesByPath: 11 });
    expect(merged.add.sources).toEqual([]);
    expect(merged.add.codes).toEqual([]);
    expect(merged.add.memos).toEqual([expect.objectContaining({ title: 'On capacity', about: 'code "Capacity"' })]);
    const coding = mine.session.db
      .prepare("SELECT source_id, code_id, start, \"end\" FROM codings WHERE coder_id = (SELECT id FROM coders WHERE name = 'Ben')")
      .get() as { source_id: string; code_id: string; start: number; end: number };
    expect(coding).toEqual({
      source_id: mine.interview,
      code_id: findCodeByPath(mine.session, CAPACITY).id,
      start: INTERVIEW.indexOf('𠀀'),
      end: INTERVIEW.indexOf('𠀀') + '𠀀 a three-year plan'.length,
    });
    const memo = mine.session.db.prepare("SELECT target_id FROM memos WHERE title = 'On capacity'").get();
    expect(memo).toEqual({ target_id: findCodeByPath(mine.session, CAPACITY).id });
    // Ben's other sources and codes: none, so nothing else is added.
    expect(merged.add.coders.map((coder) => coder.name)).toEqual(['Ben']);
  });
});

describe('merging a REFI-QDA file', () => {
  /** Ben's copy exported as .qdpx by his Marginalia, as another tool would send it. */
  async function benQdpx(mine: Mine): Promise<ReturnType<typeof readQdpx>> {
    const benFile = colleagueCopy(mine, (ben) => {
      codePassage(ben, 'Ben', mine.interview, findCodeByPath(ben, CAPACITY).id, INTERVIEW, 'forty tasks');
      codePassage(ben, 'Ben', mine.policy, findCodeByPath(ben, CAPACITY).id, POLICY, 'every month');
    });
    const { openProject } = await import('../../electron/services/project');
    const ben = openProject(benFile, { coderName: 'Ben' });
    try {
      return readQdpx(writeQdpx(exportProjectModel(ben.db)));
    } finally {
      closeProject(ben);
    }
  }

  it('refuses a source whose text differs and merges the rest', async () => {
    const mine = await myProject();
    const model = await benQdpx(mine);
    // The policy came back with a changed text under the same id: its offsets mean other passages.
    const changed = {
      ...model,
      sources: model.sources.map((source) =>
        source.guid === mine.policy ? { ...source, text: `Preamble. ${source.text ?? ''}` } : source,
      ),
    };
    const dir = tempDir();
    const file = join(dir, 'ben.qdpx');
    writeFileSync(file, writeQdpx(changed));
    const preview = previewMerge(mine.session, { path: file });
    expect(preview.format).toBe('qdpx');
    expect(preview.conflicts).toEqual([
      expect.objectContaining({ kind: 'source-text-differs', sourceId: mine.policy, source: 'Policy', codings: 1 }),
    ]);
    expect(preview.conflicts[0].message).toMatch(/text in ben\.qdpx differs .* nothing of it is merged \(1 coding left out\)/);
    applyMerge(mine.session, { path: file });
    expect(codingsOf(mine.session, 'Ben')).toEqual([
      { source: 'Interview 1', code: 'Capacity', start: INTERVIEW.indexOf('forty tasks'), end: INTERVIEW.length },
    ]);
  });

  it('adds nothing twice even when the other tool re-mints every coding id', async () => {
    const mine = await myProject();
    const model = await benQdpx(mine);
    const dir = tempDir();
    const remint = (round: number): string => {
      const file = join(dir, `round-${round}.qdpx`);
      const copy = {
        ...model,
        sources: model.sources.map((source) => ({
          ...source,
          selections: source.selections.map((selection) => ({
            ...selection,
            guid: deriveGuid(`round ${round} ${selection.guid}`),
            codings: selection.codings.map((coding) => ({ ...coding, guid: deriveGuid(`round ${round} ${coding.guid}`) })),
          })),
        })),
      };
      writeFileSync(file, writeQdpx(copy));
      return file;
    };
    const first = applyMerge(mine.session, { path: remint(1) });
    expect(first.add.codings.total).toBe(2);
    const after = projectSnapshot(mine.session.db);
    const second = applyMerge(mine.session, { path: remint(2) });
    expect(second.nothingToAdd).toBe(true);
    expect(projectSnapshot(mine.session.db)).toEqual(after);
  });

  it('reads an uploaded copy of a project (bytes, as the browser sends it) like the file itself', async () => {
    const mine = await myProject();
    const benFile = colleagueCopy(mine, (ben) => {
      codePassage(ben, 'Ben', mine.interview, findCodeByPath(ben, CAPACITY).id, INTERVIEW, 'forty tasks');
    });
    const fromPath = previewMerge(mine.session, { path: benFile });
    const fromBytes = previewMerge(mine.session, { name: 'ben.marginalia', data: readFileSync(benFile) });
    expect(fromBytes).toEqual(fromPath);
  });
});

describe('merge refuses', () => {
  it('the project itself, a codebook, other files, and a copy with unsaved work in its log', async () => {
    const mine = await myProject();
    const { path } = await newTestProject({ codebook: 'empty', coderName: 'X' }).then(async (other) => {
      closeProject(other.session);
      return other;
    });
    expect(() => previewMerge(mine.session, { path: join(mine.dir, 'study.marginalia') })).toThrow(/this project itself/);
    expect(() => previewMerge(mine.session, { name: 'book.qdc', data: new Uint8Array() })).toThrow(/codebook/);
    expect(() => previewMerge(mine.session, { name: 'notes.txt', data: new Uint8Array() })).toThrow(/\.marginalia.*\.qdpx/);
    // Committed work still in the write-ahead log means the copy is open somewhere, or was not closed.
    writeFileSync(`${path}-wal`, 'not yet checkpointed');
    expect(() => previewMerge(mine.session, { path })).toThrow(/not yet saved into the file/);
    expect(existsSync(`${path}-shm`)).toBe(false);
  });
});

describe('reading a colleague’s project file', () => {
  it('reads a copy in an older format without migrating, backing up or touching the file', async () => {
    const mine = await myProject();
    // A project as the first format wrote it: only the first migration, in WAL mode, closed.
    const dir = tempDir();
    const old = join(dir, 'old.marginalia');
    const db = new Database(old);
    db.pragma('journal_mode = WAL');
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.exec(MIGRATIONS[0].sql);
    db.pragma(`user_version = ${MIGRATIONS[0].version}`);
    const coder = newId();
    const at = nowIso();
    db.prepare('INSERT INTO coders (id, name, created_at) VALUES (?, ?, ?)').run(coder, 'Ben', at);
    db.prepare(
      `INSERT INTO sources (id, name, kind, text, text_length, text_hash, original_name, original_type, structure, imported_at, position)
       VALUES (?, 'Interview 1', 'other', ?, ?, ?, 'i.txt', 'text/plain', '[]', ?, 0)`,
    ).run(mine.interview, INTERVIEW, INTERVIEW.length, hashText(INTERVIEW), at);
    db.prepare(
      `INSERT INTO codes (id, parent_id, name, color, description, position, created_at) VALUES (?, NULL, 'Capacity', '#000000', '', 0, ?)`,
    ).run(newId(), at);
    db.close();
    const before = fileFingerprint(old);
    const preview = previewMerge(mine.session, { path: old });
    expect(preview.matched).toMatchObject({ sourcesById: 1, codesByPath: 1 });
    expect(preview.nothingToAdd).toBe(true);
    // Opening it as a project would have migrated it and written old.marginalia.format-10.backup.
    expect(fileFingerprint(old)).toEqual(before);
  });

  it('refuses a file that only has the name of a project', async () => {
    const mine = await myProject();
    const dir = tempDir();
    const fake = join(dir, 'fake.marginalia');
    writeFileSync(fake, 'not a database at all, just text that is long enough to have a header of a hundred bytes or so......');
    expect(() => previewMerge(mine.session, { path: fake })).toThrow(/fake\.marginalia is not a Marginalia project/);
  });
});

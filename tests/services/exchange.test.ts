import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readQdpx } from '../../electron/exchange/read';
import { findCodeByPath, listCodes } from '../../electron/services/codes';
import { createProjectFromExchange, exportExchange } from '../../electron/services/exchange';
import { closeProject } from '../../electron/services/project';
import { act, newId, nowIso, type ProjectSession } from '../../electron/services/session';
import { setSourceAttribute } from '../../electron/services/sources';
import type { Db } from '../../electron/store/database';
import { UserError } from '../../electron/util/errors';
import { addSource, codePassage } from '../exchange/projects';
import { buildZip, codebookSchema, projectSchema, utf8, validateWithXmllint } from '../exchange/support';
import { newTestProject } from '../support/project';
import { tempDir } from '../support/temp';

/*
 * The project side of REFI-QDA exchange: export (whole, or a blind copy for a colleague),
 * and a new project from an exchange file — which must reproduce an exported project.
 */

const INTERVIEW = '第一条 数字治理 😀 emoji first\n𠀀 second line with 𠀀 twice\nthird line';
const POLICY = 'Article 3. The 😀 county shall publish data.';

type Coded = { session: ProjectSession; dir: string };

/** A project with codings by Ana and Ben, attributes of three types, and memos on everything. */
async function codedProject(): Promise<Coded> {
  const { session, dir } = await newTestProject({ codebook: 'digital-governance', coderName: 'Ana' });
  const interview = addSource(session, 'Interview 1', INTERVIEW);
  const policy = addSource(session, 'Policy', POLICY);
  const pilots = findCodeByPath(session, 'Instruments/Policy experimentation and pilots').id;
  const capacity = findCodeByPath(session, 'Capacity').id;
  codePassage(session, 'Ana', interview, pilots, INTERVIEW, 'emoji first', 'Ana’s note');
  codePassage(session, 'Ana', interview, capacity, INTERVIEW, 'second line with 𠀀');
  codePassage(session, 'Ben', interview, pilots, INTERVIEW, '😀 emoji');
  codePassage(session, 'Ben', policy, capacity, POLICY, 'county shall publish');
  setSourceAttribute(session, interview, 'province', 'Zhejiang');
  setSourceAttribute(session, interview, 'year', '2024');
  setSourceAttribute(session, policy, 'issued', '2023-05-01');
  const anaCoding = (session.db.prepare("SELECT id FROM codings WHERE memo = 'Ana’s note'").get() as { id: string }).id;
  const coders = Object.fromEntries(
    (session.db.prepare('SELECT id, name FROM coders').all() as { id: string; name: string }[]).map((row) => [row.name, row.id]),
  );
  const now = nowIso();
  act(session, 'Add memos', (action) => {
    for (const [target_type, target_id, title, author] of [
      ['project', null, 'Journal', 'Ana'],
      ['code', pilots, 'About pilots', 'Ben'],
      ['source', policy, 'About the policy', 'Ana'],
      ['coding', anaCoding, 'About Ana’s coding', 'Ben'],
    ] as const) {
      action.insert('memos', {
        id: newId(),
        target_type,
        target_id,
        title,
        body: `${title}: 😀 & <notes>`,
        author_id: coders[author],
        created_at: now,
        updated_at: now,
      });
    }
  });
  return { session, dir };
}

/** What a round trip must reproduce, read straight from the tables. */
function snapshot(db: Db): Record<string, unknown[]> {
  const rows = (sql: string): unknown[] => db.prepare(sql).all();
  return {
    sources: rows('SELECT id, name, text, text_length, text_hash, position FROM sources ORDER BY id'),
    codes: rows('SELECT id, parent_id, name, color, description, position FROM codes ORDER BY id'),
    codings: rows('SELECT id, source_id, code_id, start, "end", coder_id, created_at, memo FROM codings ORDER BY id'),
    attributes: rows('SELECT id, name, type FROM attributes ORDER BY id'),
    values: rows('SELECT source_id, attribute_id, value FROM attribute_values ORDER BY source_id, attribute_id'),
    coders: rows('SELECT id, name FROM coders ORDER BY id'),
    memos: rows('SELECT id, target_type, target_id, title, body, author_id, created_at, updated_at FROM memos ORDER BY id'),
  };
}

function qdeOf(data: Uint8Array): string {
  return new TextDecoder().decode(unzipSync(data)['project.qde']);
}

describe('a project exported and made again with new --from', () => {
  it('comes back the same: ids, text above U+FFFF, codings and their coders, attributes, memos', async () => {
    const { session, dir } = await codedProject();
    const exported = exportExchange(session, { format: 'qdpx' });
    expect(exported.fileName).toBe('study.qdpx');
    expect(exported.counts).toEqual({ sources: 2, codes: 11, codings: 4, attributes: 3, coders: 2, memos: 4 });
    const qde = qdeOf(exported.data);
    const validation = validateWithXmllint(qde, projectSchema);
    expect(validation.output).toMatch(/validates/);
    expect(validation.valid).toBe(true);
    // Positions are code points in the file: "emoji first" starts after 9 + 1 (😀) + 1 characters.
    expect(qde).toMatch(/name="emoji first" startPosition="11" endPosition="22"/);

    const file = join(dir, 'study.qdpx');
    writeFileSync(file, exported.data);
    // Made again by Ben, one of the file's users: he keeps his id, and no third coder appears.
    const { session: copy, result } = createProjectFromExchange(join(dir, 'copy.marginalia'), { path: file }, { coderName: 'Ben' });
    try {
      expect(result).toMatchObject({ sources: 2, codes: 11, codings: 4, attributes: 3, memos: 4 });
      expect(result.report).toEqual([]);
      expect(copy.coder.name).toBe('Ben');
      expect(snapshot(copy.db)).toEqual(snapshot(session.db));
      expect(copy.db.prepare("SELECT value FROM project WHERE key = 'name'").get()).toEqual({ value: 'study' });
    } finally {
      closeProject(copy);
    }
  });

  it('makes a codebook file (.qdc) that validates, and a project from it', async () => {
    const { session, dir } = await codedProject();
    const exported = exportExchange(session, { format: 'qdc' });
    const xml = new TextDecoder().decode(exported.data);
    expect(validateWithXmllint(xml, codebookSchema).valid).toBe(true);
    expect(exported.counts.codes).toBe(11);
    const file = join(dir, 'codes.qdc');
    writeFileSync(file, exported.data);
    const { session: copy } = createProjectFromExchange(join(dir, 'from-codebook.marginalia'), { path: file }, { coderName: 'Ana' });
    try {
      expect(listCodes(copy).map((code) => [code.id, code.path])).toEqual(listCodes(session).map((code) => [code.id, code.path]));
    } finally {
      closeProject(copy);
    }
    expect(() => exportExchange(session, { format: 'qdc', withoutCoders: ['Ana'] })).toThrow(/no codings/);
  });
});

describe('a blind copy for a colleague', () => {
  it('has none of the left-out coder’s codings or memos, and still validates', async () => {
    const { session } = await codedProject();
    const blind = exportExchange(session, { format: 'qdpx', withoutCoders: ['ana'] });
    const qde = qdeOf(blind.data);
    expect(validateWithXmllint(qde, projectSchema).valid).toBe(true);
    const ana = (session.db.prepare("SELECT id FROM coders WHERE name = 'Ana'").get() as { id: string }).id;
    expect(qde).not.toContain(ana);
    const model = readQdpx(blind.data);
    const codings = model.sources.flatMap((source) => source.selections.flatMap((selection) => selection.codings));
    expect(codings).toHaveLength(2);
    expect(model.users.map((user) => user.name)).toEqual(['Ben']);
    // Ana's journal and source memo go, and so does Ben's memo on Ana's coding; Ben's code memo stays.
    expect(model.notes.map((note) => note.name)).toEqual(['About pilots']);
    expect(blind.report.at(-1)).toBe('Left out for a blind copy: 2 codings and 3 memos of Ana.');
    expect(blind.counts).toMatchObject({ sources: 2, codes: 11, codings: 2, coders: 1, memos: 1 });
  });

  it('with codesOnly has the sources, attributes and codebook but no coding or memo at all', async () => {
    const { session } = await codedProject();
    const blank = exportExchange(session, { format: 'qdpx', codesOnly: true });
    expect(validateWithXmllint(qdeOf(blank.data), projectSchema).valid).toBe(true);
    const model = readQdpx(blank.data);
    expect(model.sources.map((source) => [source.name, source.text, source.selections.length])).toEqual([
      ['Interview 1', INTERVIEW, 0],
      ['Policy', POLICY, 0],
    ]);
    expect(model.variables.map((variable) => variable.name)).toEqual(['province', 'year', 'issued']);
    expect(model.notes).toEqual([]);
    expect(blank.counts).toMatchObject({ codings: 0, memos: 0, codes: 11 });
  });

  it('refuses a coder the project does not have, naming those it has', async () => {
    const { session } = await codedProject();
    expect(() => exportExchange(session, { format: 'qdpx', withoutCoders: ['Zoe'] })).toThrow(
      'There is no coder "Zoe" in this project (coders: Ana, Ben).',
    );
  });
});

describe('new --from leaves nothing behind when it cannot finish', () => {
  it('for a hostile archive, a file that is not an exchange file, or a project that already exists', async () => {
    const dir = tempDir();
    const target = join(dir, 'new.marginalia');
    const hostile = join(dir, 'evil.qdpx');
    writeFileSync(
      hostile,
      buildZip([
        { name: 'project.qde', data: utf8('<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>') },
        { name: '../../outside.txt', data: utf8('x') },
      ]),
    );
    expect(() => createProjectFromExchange(target, { path: hostile })).toThrow(UserError);
    expect(() => createProjectFromExchange(target, { path: hostile })).toThrow(/evil\.qdpx was refused/);
    const doctype = join(dir, 'entities.qde');
    writeFileSync(doctype, '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Project name="x"/>');
    expect(() => createProjectFromExchange(target, { path: doctype })).toThrow(UserError);
    expect(() => createProjectFromExchange(target, { name: 'notes.txt', data: utf8('hello') })).toThrow(/not a REFI-QDA exchange file/);
    for (const suffix of ['', '-wal', '-shm']) expect(existsSync(`${target}${suffix}`)).toBe(false);

    // An existing file at the target is refused and left exactly as it was.
    writeFileSync(target, 'keep me');
    const { session } = await codedProject();
    const good = join(dir, 'good.qdpx');
    writeFileSync(good, exportExchange(session, { format: 'qdpx' }).data);
    expect(() => createProjectFromExchange(target, { path: good })).toThrow(/already exists/);
    expect(readFileSync(target, 'utf8')).toBe('keep me');
  });
});

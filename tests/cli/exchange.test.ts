import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { readQdpx } from '../../electron/exchange/read';
import { findCodeByPath } from '../../electron/services/codes';
import { closeProject, openProject } from '../../electron/services/project';
import { act, newId, nowIso } from '../../electron/services/session';
import { setSourceAttribute } from '../../electron/services/sources';
import { addSource, codePassage, fileFingerprint, projectSnapshot } from '../exchange/projects';
import { buildZip, codebookSchema, projectSchema, utf8, validateWithXmllint } from '../exchange/support';
import { cli, REPO_ROOT } from '../support/cli';
import { newTestProject } from '../support/project';

/*
 * `marginalia export` and `marginalia new --from` as a researcher runs them: the real
 * command in a child process, on project files made beforehand.
 */

const INTERVIEW = '第一条 数字治理 😀 emoji first\n𠀀 second line with 𠀀 twice';
const POLICY = 'Article 3. The 😀 county shall publish data.';

/** A closed project file with Ana's and Ben's codings, attributes and a memo. */
async function studyFile(): Promise<{ dir: string; path: string }> {
  const { session, dir, path } = await newTestProject({ codebook: 'digital-governance', coderName: 'Ana' });
  const interview = addSource(session, 'Interview 1', INTERVIEW);
  const policy = addSource(session, 'Policy', POLICY);
  const pilots = findCodeByPath(session, 'Instruments/Policy experimentation and pilots').id;
  codePassage(session, 'Ana', interview, pilots, INTERVIEW, 'emoji first', 'why');
  codePassage(session, 'Ana', interview, pilots, INTERVIEW, '𠀀 second line');
  // Ana's memo, written while she is the current coder.
  act(session, 'Add memo', (action) =>
    action.insert('memos', {
      id: newId(),
      target_type: 'code',
      target_id: pilots,
      title: 'Pilots',
      body: 'Pilots 😀',
      author_id: session.coder.id,
      created_at: nowIso(),
      updated_at: nowIso(),
    }),
  );
  codePassage(session, 'Ben', policy, findCodeByPath(session, 'Capacity').id, POLICY, '😀 county');
  setSourceAttribute(session, interview, 'province', 'Zhejiang');
  setSourceAttribute(session, policy, 'year', '2023');
  closeProject(session);
  return { dir, path };
}

function snapshotOf(path: string): Record<string, unknown[]> {
  const session = openProject(path);
  try {
    return projectSnapshot(session.db);
  } finally {
    closeProject(session);
  }
}

// Each command is a child process (seconds apiece on a loaded machine), so these tests get more time.
describe('marginalia export and new --from', { timeout: 180_000 }, () => {
  beforeAll(() => {
    if (!existsSync(join(REPO_ROOT, 'out', 'node', 'cli.js'))) {
      throw new Error('Build the CLI first (npm run build:node); npm test does this.');
    }
  });

  it('round-trips a project through a .qdpx that validates against the REFI-QDA schema', async () => {
    const { dir, path } = await studyFile();
    const qdpx = join(dir, 'study.qdpx');
    let run = cli(['export', path, '--out', qdpx], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Exported study\.marginalia to .*study\.qdpx: 2 sources, 11 codes, 3 codings, 2 attributes, 1 memos, 2 coders\./);
    const qde = new TextDecoder().decode(unzipSync(readFileSync(qdpx))['project.qde']);
    expect(validateWithXmllint(qde, projectSchema)).toEqual({ valid: true, output: expect.stringMatching(/validates/) });

    const copy = join(dir, 'copy.marginalia');
    run = cli(['new', copy, '--from', qdpx, '--coder', 'Ana'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Created .*copy\.marginalia from .*study\.qdpx: 2 sources, 11 codes, 3 codings, 2 attributes, 1 memo, 2 coders\.\n$/);
    const original = snapshotOf(path);
    const made = snapshotOf(copy);
    // Structure (paragraph ranges) is found again on import; everything else is identical.
    const withoutStructure = (snapshot: Record<string, unknown[]>) => ({
      ...snapshot,
      sources: (snapshot.sources as Record<string, unknown>[]).map(({ structure: _structure, ...rest }) => rest),
    });
    expect(withoutStructure(made)).toEqual(withoutStructure(original));
    expect(JSON.stringify(made.sources)).toContain('𠀀 second line with 𠀀 twice');
  });

  it('writes a codebook (.qdc) that validates against Codebook.xsd', async () => {
    const { dir, path } = await studyFile();
    const qdc = join(dir, 'codes.qdc');
    const run = cli(['export', path, '--out', qdc], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Exported the codebook of study\.marginalia to .*codes\.qdc: 11 codes\./);
    expect(validateWithXmllint(readFileSync(qdc, 'utf8'), codebookSchema).valid).toBe(true);
  });

  it('makes a blind copy without one coder’s codings', async () => {
    const { dir, path } = await studyFile();
    const blind = join(dir, 'for-ben.qdpx');
    const run = cli(['export', path, '--format', 'qdpx', '--out', blind, '--without-coder', 'Ana'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/Left out for a blind copy: 2 codings and 1 memo of Ana\./);
    const model = readQdpx(readFileSync(blind));
    const coders = model.sources.flatMap((source) => source.selections.map((selection) => selection.creatingUser));
    const ben = model.users.find((user) => user.name === 'Ben')?.guid;
    expect(coders).toEqual([ben]);
    expect(model.users.map((user) => user.name)).toEqual(['Ben']);
    expect(validateWithXmllint(new TextDecoder().decode(unzipSync(readFileSync(blind))['project.qde']), projectSchema).valid).toBe(true);
  });

  it('refuses a hostile .qdpx with exit 1 and one sentence, leaving no project behind', async () => {
    const { dir, path } = await studyFile();
    const evil = join(dir, 'evil.qdpx');
    writeFileSync(
      evil,
      buildZip([
        { name: 'project.qde', data: utf8('<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>') },
        { name: 'sources/../../../home/user/.ssh/authorized_keys', data: utf8('ssh-rsa AAAA') },
      ]),
    );
    const target = join(dir, 'evil.marginalia');
    let run = cli(['new', target, '--from', evil], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^evil\.qdpx was refused: the entry ".*" is unsafe/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(target)).toBe(false);

    const entities = join(dir, 'entities.qdpx');
    writeFileSync(
      entities,
      buildZip([{ name: 'project.qde', data: utf8('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x "xx">]><Project name="x"/>') }]),
    );
    const before = fileFingerprint(path);
    run = cli(['merge', path, entities], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/DOCTYPE/);
    expect(fileFingerprint(path)).toEqual(before);
  });

  it('answers bad usage with exit 2, and an unknown coder with exit 1 and no file', async () => {
    const { dir, path } = await studyFile();
    const noOut = cli(['export', path, '--without-coder', 'Ana'], { cwd: dir });
    expect(noOut.status).toBe(2);
    expect(noOut.stderr).toMatch(/^--out names the file to write/);
    const unknown = cli(['export', path, '--out', join(dir, 'x.qdpx'), '--without-coder', 'Zoe'], { cwd: dir });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe('There is no coder "Zoe" in this project (coders: Ana, Ben).\n');
    expect(existsSync(join(dir, 'x.qdpx'))).toBe(false);
  });
});

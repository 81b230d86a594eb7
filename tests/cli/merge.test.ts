import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findCodeByPath } from '../../electron/services/codes';
import { closeProject, openProject } from '../../electron/services/project';
import { findSourceByName, setSourceAttribute } from '../../electron/services/sources';
import { addSource, codePassage, fileFingerprint, projectSnapshot } from '../exchange/projects';
import { cli, REPO_ROOT } from '../support/cli';
import { newTestProject } from '../support/project';

/*
 * `marginalia merge` end to end: I export a blind copy, Ben makes a project from it and
 * codes, I preview and merge his file back — twice, the second time adding nothing.
 */

const TEXT = 'We piloted the platform in two towns 😀 before the county adopted it.';

function snapshotOf(path: string): Record<string, unknown[]> {
  const session = openProject(path);
  try {
    return projectSnapshot(session.db);
  } finally {
    closeProject(session);
  }
}

// Each command is a child process (seconds apiece on a loaded machine), so these tests get more time.
describe('marginalia merge', { timeout: 180_000 }, () => {
  beforeAll(() => {
    if (!existsSync(join(REPO_ROOT, 'out', 'node', 'cli.js'))) {
      throw new Error('Build the CLI first (npm run build:node); npm test does this.');
    }
  });

  it('previews, merges a colleague’s coding with its coder, and adds nothing the second time', async () => {
    const { session, dir, path } = await newTestProject({ codebook: 'digital-governance', coderName: 'Ana' });
    const source = addSource(session, 'Interview', TEXT);
    codePassage(session, 'Ana', source, findCodeByPath(session, 'Capacity').id, TEXT, 'the county adopted it');
    setSourceAttribute(session, source, 'province', 'Zhejiang');
    closeProject(session);

    const blind = join(dir, 'for-ben.qdpx');
    expect(cli(['export', path, '--out', blind, '--without-coder', 'Ana'], { cwd: dir }).status).toBe(0);
    const benPath = join(dir, 'ben.marginalia');
    expect(cli(['new', benPath, '--from', blind, '--coder', 'Ben'], { cwd: dir }).status).toBe(0);
    const ben = openProject(benPath);
    expect(ben.coder.name).toBe('Ben');
    const benSource = findSourceByName(ben, 'Interview').id;
    codePassage(ben, 'Ben', benSource, findCodeByPath(ben, 'Instruments/Policy experimentation and pilots').id, TEXT, 'piloted the platform in two towns 😀');
    setSourceAttribute(ben, benSource, 'province', 'Anhui');
    closeProject(ben);
    const benBefore = fileFingerprint(benPath);
    const mine = snapshotOf(path);

    let run = cli(['merge', path, benPath, '--preview', '--format', 'json'], { cwd: dir });
    expect(run.status).toBe(0);
    const preview = JSON.parse(run.stdout);
    expect(preview.applied).toBe(false);
    expect(preview.matched).toMatchObject({ sourcesById: 1, codesById: 11 });
    expect(preview.add.codings).toEqual({
      total: 1,
      byCoder: [{ name: 'Ben', count: 1 }],
      byCode: [{ name: 'Instruments/Policy experimentation and pilots', count: 1 }],
    });
    expect(preview.conflicts).toEqual([
      expect.objectContaining({ kind: 'attribute-value', attribute: 'province', mine: 'Zhejiang', theirs: 'Anhui' }),
    ]);
    expect(snapshotOf(path)).toEqual(mine);

    run = cli(['merge', path, benPath], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Merged ben.marginalia into study.marginalia.');
    expect(run.stdout).toContain('  1 coder: Ben\n  1 coding by Ben 1; per code: Instruments/Policy experimentation and pilots 1');
    expect(run.stdout).toContain('Conflicts (1; the version in study.marginalia is kept):');
    expect(run.stdout).toContain('Interview: province is "Zhejiang" here and "Anhui" in ben.marginalia; "Zhejiang" is kept.');
    const merged = snapshotOf(path);
    const codings = merged.codings as { coder_id: string; start: number; end: number }[];
    const benId = (merged.coders as { id: string; name: string }[]).find((coder) => coder.name === 'Ben')?.id;
    expect(codings.filter((coding) => coding.coder_id === benId).map((coding) => TEXT.slice(coding.start, coding.end))).toEqual([
      'piloted the platform in two towns 😀',
    ]);

    run = cli(['merge', path, benPath], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Nothing to add: everything in ben.marginalia that can be merged is already here.');
    expect(snapshotOf(path)).toEqual(merged);
    // Ben's file was only read, three times.
    expect(fileFingerprint(benPath)).toEqual(benBefore);
  });

  it('refuses a file it cannot merge with exit 1 and bad usage with exit 2', async () => {
    const { session, dir, path } = await newTestProject({ codebook: 'empty', coderName: 'Ana' });
    closeProject(session);
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'hello');
    let run = cli(['merge', path, notes], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    run = cli(['merge', path, join(dir, 'missing.marginalia')], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^There is no project at .*missing\.marginalia\.\n$/);
    expect(cli(['merge', path], { cwd: dir }).status).toBe(2);
  });
});

import { spawn } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { closeProject, createProject, openProject } from '../../electron/services/project';
import { importFiles, listSources } from '../../electron/services/sources';
import { REPO_ROOT } from '../support/cli';
import { tempDir } from '../support/temp';

const source = (path: string): string => JSON.stringify(pathToFileURL(join(REPO_ROOT, path)).href);

// A process that imports a large batch and says when more than 4 MB of it are in the WAL,
// before the last source is written (so not committed). SQLite keeps up to 16 MB of written
// pages in its cache before it spills them to the WAL, so the batch is larger than that.
const CHILD = `
import { statSync } from 'node:fs';
import { openProject } from ${source('electron/services/project.ts')};
import { importFiles } from ${source('electron/services/sources.ts')};
import { generateText, seeded } from ${source('bench/generate.ts')};
const random = seeded(3);
const files = Array.from({ length: 500 }, (_, index) => ({ name: 'interview ' + index + '.txt', data: new TextEncoder().encode(generateText(40000, random)) }));
const session = openProject(process.argv[2]);
let said = false;
await importFiles(session, files, {}, (progress) => {
  if (progress.phase === 'writing' && progress.done < progress.total && !said && statSync(process.argv[2] + '-wal').size > 4 * 1024 * 1024) {
    said = true;
    process.stdout.write('writing\\n');
  }
});
process.stdout.write('committed\\n');
`;

describe('a crash in the middle of an import', () => {
  it('leaves the project as it was before the batch: sound, with no partial source', async () => {
    const dir = tempDir();
    const path = join(dir, 'study.marginalia');
    const session = await createProject(path, { coderName: 'Ana' });
    await importFiles(session, [{ name: 'before.txt', data: new TextEncoder().encode('Imported before the crash.') }]);
    const logBefore = (session.db.prepare('SELECT count(*) AS n FROM change_log').get() as { n: number }).n;
    closeProject(session);

    const script = join(dir, 'child.mts');
    writeFileSync(script, CHILD);
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const child = spawn(process.execPath, ['--import', tsx, script, path], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exit = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // Power cut: no chance to roll back, close or clean up.
      if (stdout.includes('writing')) child.kill('SIGKILL');
    });
    expect(await exit, stderr).toBe('SIGKILL');
    expect(stdout).toContain('writing');
    expect(stdout).not.toContain('committed');
    // Part of the unfinished batch reached the disk (the WAL), and must be ignored on opening.
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(4 * 1024 * 1024);

    const reopened = openProject(path);
    try {
      expect(reopened.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(listSources(reopened).map((item) => item.name)).toEqual(['before']);
      expect((reopened.db.prepare('SELECT count(*) AS n FROM change_log').get() as { n: number }).n).toBe(logBefore);
      expect((reopened.db.prepare('SELECT count(*) AS n FROM attribute_values').get() as { n: number }).n).toBe(0);
    } finally {
      closeProject(reopened);
    }
  }, 60_000);
});

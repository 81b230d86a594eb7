import iconv from 'iconv-lite';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { SourceId } from '../../shared/domain/ids';
import { closeProject } from '../../electron/services/project';
import { getSource, importFiles, listSources, type ImportFile, type ImportProgressEvent } from '../../electron/services/sources';
import { redo, undo } from '../../electron/store/changeLog';
import { UserError } from '../../electron/util/errors';
import { generateText, seeded } from '../../bench/generate';
import { buildDocx, wImageParagraph, wParagraph } from '../importers/fixtures';
import { newTestProject } from '../support/project';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** `count` text files of `length` characters of mixed Chinese and English, all different. */
function textFiles(count: number, length: number, seed = 1): ImportFile[] {
  const random = seeded(seed);
  return Array.from({ length: count }, (_, index) => ({ name: `text ${index}.txt`, data: encode(generateText(length, random)) }));
}

/**
 * A Word file that takes mammoth a second or more (its time grows with the paragraphs): parsed
 * in a worker, it must not hold up the event loop. Short paragraphs keep the text, and so the
 * time to write it, small.
 */
function longDocx(paragraphs: number): ImportFile {
  const random = seeded(9);
  return { name: 'long.docx', data: buildDocx({ body: Array.from({ length: paragraphs }, (_, index) => wParagraph(`${index}: ${generateText(24, random)}`)).join('') }) };
}

function changeLogSize(db: import('../../electron/store/database').Db): number {
  return (db.prepare('SELECT count(*) AS n FROM change_log').get() as { n: number }).n;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the import to fail');
}

describe('importFiles', () => {
  it('passes the chosen encoding and the caps to the readers, and reports each file\'s notes', async () => {
    const { session } = await newTestProject();
    const gbk = iconv.encode('问：你们怎么分工？\n答：每个街道一名专员。\n', 'gbk');
    const chosen = await importFiles(session, [{ name: '访谈.txt', data: gbk }], { encoding: 'gbk' });
    expect(getSource(session, chosen.imported[0].sourceId as SourceId).text).toBe('问：你们怎么分工？\n答：每个街道一名专员。\n');
    // Chosen by the researcher: nothing to warn about. Read as Big5 instead, the same bytes are mojibake.
    expect(chosen.imported[0].notes).toEqual([]);
    const wrong = await importFiles(session, [{ name: '访谈 big5.txt', data: gbk }], { encoding: 'big5' });
    expect(getSource(session, wrong.imported[0].sourceId as SourceId).text).not.toContain('街道');

    const capped = await importFiles(session, [{ name: 'long.txt', data: encode('x'.repeat(50)) }], { caps: { maxTextChars: 10 } });
    expect(capped.failed).toEqual([
      {
        file: 'long.txt',
        reason: expect.stringMatching(/long\.txt holds more than 10 characters.+maxTextChars/),
        reasonKey: { key: 'import.tooLong', params: { file: 'long.txt', cap: 10 } },
      },
    ]);

    const report = await importFiles(session, [
      { name: 'pictures.docx', data: buildDocx({ body: wParagraph('Before.') + wImageParagraph('After.'), image: true }) },
      { name: 'detected.txt', data: iconv.encode('问：平台怎么用？\n答：每个街道都有专人负责，数据每天更新。\n'.repeat(5), 'gb18030') },
    ]);
    const notes = Object.fromEntries(report.imported.map((item) => [item.file, item.notes.join(' ')]));
    expect(notes['pictures.docx']).toMatch(/image/i);
    expect(notes['detected.txt']).toMatch(/GB18030/);
  });

  it('keeps the original bytes, except when they are exactly the text in UTF-8', async () => {
    const { session } = await newTestProject();
    const report = await importFiles(session, [
      { name: 'plain.txt', data: encode('Plain UTF-8 with LF line ends.\n') },
      { name: 'windows.txt', data: encode('Written on Windows.\r\n') },
      { name: 'memo.docx', data: buildDocx({ body: wParagraph('A memo.') }) },
    ]);
    const original = (file: string): { original_bytes: Buffer | null; original_type: string } =>
      session.db
        .prepare('SELECT original_bytes, original_type FROM sources WHERE id = ?')
        .get(report.imported.find((item) => item.file === file)?.sourceId) as { original_bytes: Buffer | null; original_type: string };
    // The original is the text itself: Buffer.from(text, 'utf8') gives it back byte for byte.
    expect(original('plain.txt')).toEqual({ original_bytes: null, original_type: 'text/plain' });
    expect(original('windows.txt').original_bytes?.toString('utf8')).toBe('Written on Windows.\r\n');
    expect(original('memo.docx').original_bytes?.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('skips a text twice in one batch unless copies are allowed', async () => {
    const { session } = await newTestProject();
    const twice = [
      { name: 'a.txt', data: encode('Same words.') },
      { name: 'b.txt', data: encode('Same words.') },
    ];
    const report = await importFiles(session, twice);
    expect(report.imported.map((item) => item.name)).toEqual(['a']);
    expect(report.skipped).toEqual([
      { file: 'b.txt', reason: expect.stringMatching(/already in the project \(twice in this batch\)/), reasonKey: { key: 'import.duplicateInBatch', params: {} } },
    ]);
    const copies = await importFiles(session, twice, { allowDuplicates: true });
    expect(copies.imported.map((item) => item.name)).toEqual(['a (2)', 'b']);
  });

  it('writes a batch in one transaction: an error inside it leaves no source of the batch and a sound file', async () => {
    const { session } = await newTestProject();
    await importFiles(session, [{ name: 'before.txt', data: encode('Imported before the batch.') }]);
    const logBefore = changeLogSize(session.db);
    // The disk "fills up" at the batch's third source: SQLite raises inside the transaction.
    session.db.exec(
      "CREATE TEMP TRIGGER disk_full BEFORE INSERT ON main.sources WHEN (SELECT count(*) FROM main.sources) >= 3 BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
    );
    const error = await rejection(importFiles(session, textFiles(5, 2000)));
    expect((error as Error).message).toMatch(/disk is full/);
    session.db.exec('DROP TRIGGER temp.disk_full');
    expect(listSources(session).map((source) => source.name)).toEqual(['before']);
    expect(changeLogSize(session.db)).toBe(logBefore);
    expect(session.db.inTransaction).toBe(false);
    expect(session.db.pragma('integrity_check', { simple: true })).toBe('ok');
    // The project still takes the batch afterwards.
    expect((await importFiles(session, textFiles(5, 2000))).imported).toHaveLength(5);
  });

  it('undoes a whole batch in one step, and redoes it', async () => {
    const { session } = await newTestProject();
    // Large enough that the write is spread over several turns of the event loop.
    const report = await importFiles(session, [...textFiles(60, 30_000), { name: 'memo.docx', data: buildDocx({ body: wParagraph('A memo.') }) }], {
      attributes: { province: 'Zhejiang' },
    });
    expect(report.imported).toHaveLength(61);
    expect(undo(session.db)?.description).toBe('Import 61 sources');
    expect(listSources(session)).toEqual([]);
    redo(session.db);
    expect(listSources(session)).toHaveLength(61);
    expect(listSources(session).every((source) => source.attributes.province === 'Zhejiang')).toBe(true);
  });

  it('writes nothing when cancelled while files are read, even mid-file in a worker', async () => {
    const { session } = await newTestProject();
    const controller = new AbortController();
    let waitingSince = 0;
    let cancelledAt = 0;
    const error = await rejection(
      importFiles(session, [...textFiles(3, 1000), longDocx(8000)], { signal: controller.signal }, (progress) => {
        // Cancel once the small files are read and the Word file has been in the worker for a while.
        if (progress.phase !== 'reading' || progress.done !== 3) return;
        waitingSince ||= performance.now();
        if (!cancelledAt && performance.now() - waitingSince > 600) {
          cancelledAt = performance.now();
          controller.abort();
        }
      }),
    );
    expect(cancelledAt).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('cancelled');
    expect((error as UserError).message).toBe('The import was cancelled; nothing was added to the project.');
    expect(listSources(session)).toEqual([]);
  });

  it('writes nothing when cancelled while the batch is being written', async () => {
    const { session } = await newTestProject();
    const logBefore = changeLogSize(session.db);
    const controller = new AbortController();
    const phases: string[] = [];
    const error = await rejection(
      importFiles(session, textFiles(150, 40_000), { signal: controller.signal }, (progress) => {
        phases.push(progress.phase);
        if (progress.phase === 'writing') controller.abort();
      }),
    );
    expect((error as UserError).code).toBe('cancelled');
    expect(phases).toContain('writing');
    expect(phases).not.toContain('done');
    expect(listSources(session)).toEqual([]);
    expect(changeLogSize(session.db)).toBe(logBefore);
    expect(session.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  // How often progress comes and how long the loop is blocked are measured in bench/import.ts
  // (timing goals live in the benchmark); this test checks the events themselves.
  it('reports progress through reading, writing and done while a long file is parsed in a worker', async () => {
    const { session } = await newTestProject();
    const files = [longDocx(3000), ...textFiles(80, 30_000)];
    const events: { at: number; progress: ImportProgressEvent }[] = [];
    const report = await importFiles(session, files, {}, (progress) => events.push({ at: performance.now(), progress }));
    expect(report.imported).toHaveLength(81);
    expect(events.at(-1)?.progress).toEqual({ done: 81, total: 81, file: '', phase: 'done' });
    const phases = events.map((event) => event.progress.phase);
    expect(phases.indexOf('writing')).toBeGreaterThan(phases.lastIndexOf('reading'));
  });

  it('keeps the project locked against other processes while it writes in the background', async () => {
    const { session, path } = await newTestProject();
    const probe = (): string =>
      spawnSync(
        process.execPath,
        ['-e', `const D = require('better-sqlite3'); try { new D(process.argv[1], { timeout: 0 }).prepare('SELECT count(*) FROM sources').get(); console.log('open'); } catch (e) { console.log(e.code); }`, path],
        { encoding: 'utf8' },
      ).stdout.trim();
    expect(probe()).toBe('SQLITE_BUSY');
    // A write of several slices: the WAL is synced from another descriptor between them.
    await importFiles(session, textFiles(120, 30_000));
    expect(probe()).toBe('SQLITE_BUSY');
    closeProject(session);
    expect(probe()).toBe('open');
  });
});

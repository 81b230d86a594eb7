import { describe, expect, it, vi } from 'vitest';
import { ImportPool } from '../../electron/importers/pool';
import { previewFiles, previewPool } from '../../electron/services/importing';
import { UserError } from '../../electron/util/errors';
import type { FilePreview } from '../../shared/domain/types';
import { testBackend, valueOf } from '../support/backend';
import { buildDocx, buildPdf, wParagraph } from './fixtures';

const docx = buildDocx({ body: wParagraph('第一段。') + wParagraph('Second paragraph.') });
const pdf = buildPdf([{ runs: [{ x: 72, y: 700, size: 12, text: 'Minutes of the meeting' }] }]);
/** Long enough that a worker is still reading it when the test aborts (mammoth takes seconds). */
const long = buildDocx({ body: Array.from({ length: 6000 }, (_, index) => wParagraph(`Paragraph ${index}.`)).join('') });

describe('the previews\' shared pool', () => {
  it('reads two preview calls with the same worker instead of starting one per call', async () => {
    const pool = previewPool({ workers: 1 });
    try {
      const first = await previewFiles([{ name: 'a.docx', data: docx }, { name: 'b.pdf', data: pdf }], { pool });
      expect(first.map((preview) => preview.error)).toEqual([null, null]);
      expect(pool.started).toBe(1);
      const second = await previewFiles([{ name: 'b.pdf', data: pdf }, { name: 'a.docx', data: docx }], { pool, encoding: 'gb18030' });
      expect(second.map((preview) => preview.preview?.firstLines[0])).toEqual(['Minutes of the meeting', '第一段。']);
      expect(pool.started).toBe(1);
      expect(pool.alive).toBe(1);
    } finally {
      pool.close();
    }
  });

  it('aborting one call cancels it alone: the other caller\'s files, running or waiting, are still read', async () => {
    const pool = previewPool({ workers: 1 });
    try {
      // The aborted call's file is being read; the other call's waits behind it.
      const running = new AbortController();
      const aborted = previewFiles([{ name: 'long.docx', data: long }], { pool, signal: running.signal }).catch((caught: unknown) => caught);
      const other = previewFiles([{ name: 'a.docx', data: docx }], { pool });
      await vi.waitFor(() => expect(pool.alive).toBe(1));
      running.abort();
      const outcome = await aborted;
      expect(outcome).toBeInstanceOf(UserError);
      expect((outcome as UserError).code).toBe('cancelled');
      const [preview] = await other;
      expect(preview.error).toBeNull();
      expect(preview.preview?.firstLines[0]).toBe('第一段。');

      // Now the other way round: the aborted call's files wait behind the other's.
      const waiting = new AbortController();
      const busy = previewFiles([{ name: 'long.docx', data: long }], { pool });
      const dropped = previewFiles([{ name: 'a.docx', data: docx }, { name: 'b.pdf', data: pdf }], { pool, signal: waiting.signal }).catch(
        (caught: unknown) => caught,
      );
      waiting.abort();
      expect(((await dropped) as UserError).code).toBe('cancelled');
      const [longPreview] = await busy;
      expect(longPreview.error).toBeNull();
      expect(longPreview.preview?.firstLines[0]).toBe('Paragraph 0.');
      // No worker was stopped for either cancellation.
      expect(pool.started).toBe(1);
    } finally {
      pool.close();
    }
  });

  it('stops its workers when idle, and starts one again for the next preview', async () => {
    const pool = new ImportPool({ workers: 1, idleMs: 50 });
    try {
      await previewFiles([{ name: 'a.docx', data: docx }], { pool });
      expect(pool.started).toBe(1);
      await vi.waitFor(() => expect(pool.alive).toBe(0), { timeout: 10_000 });
      const [again] = await previewFiles([{ name: 'b.pdf', data: pdf }], { pool });
      expect(again.preview?.firstLines[0]).toBe('Minutes of the meeting');
      expect(pool.started).toBe(2);
    } finally {
      pool.close();
    }
  });

  it('refuses previews once closed, as a backend closing does', async () => {
    const pool = previewPool({ workers: 1 });
    await previewFiles([{ name: 'a.docx', data: docx }], { pool });
    pool.close();
    expect(pool.alive).toBe(0);
    await expect(previewFiles([{ name: 'a.docx', data: docx }], { pool })).rejects.toThrow(/cancelled/);
  });

  it('is the backend\'s: sources:preview calls go to one pool, which the backend closes', async () => {
    const backend = testBackend();
    const run = vi.spyOn(ImportPool.prototype, 'run');
    try {
      const files = [{ name: 'a.docx', dataBase64: Buffer.from(docx).toString('base64') }];
      const first = await valueOf<FilePreview[]>(backend.invoke('sources:preview', { files }));
      const second = await valueOf<FilePreview[]>(backend.invoke('sources:preview', { files, encoding: 'gb18030' }));
      expect([first[0].preview?.firstLines[0], second[0].preview?.firstLines[0]]).toEqual(['第一段。', '第一段。']);
      expect(run).toHaveBeenCalledTimes(2);
      const [pool, again] = run.mock.contexts as ImportPool[];
      expect(again).toBe(pool);
      expect(pool.started).toBe(1);
      backend.close();
      expect(pool.alive).toBe(0);
    } finally {
      run.mockRestore();
    }
  });
});

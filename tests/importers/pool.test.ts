import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../electron/importers/index';
import { ImportPool, INLINE_MAX_BYTES } from '../../electron/importers/pool';
import { hashText } from '../../electron/services/sources';
import { UserError } from '../../electron/util/errors';
import { buildDocx, wParagraph } from './fixtures';

const docx = buildDocx({ body: wParagraph('第一段。') + wParagraph('Second paragraph.') });

describe('the import pool', () => {
  it('parses small texts in this thread and other formats in a worker, with the same result as parseDocument', async () => {
    const pool = new ImportPool();
    try {
      const text = await pool.run({ op: 'parse', fileName: 'a.txt', bytes: Buffer.from('Interviewer: hi\nR1: hello\n'), options: {} });
      expect(pool.started).toBe(0);
      expect(text.hash).toBe(hashText(text.text));
      expect(text.originalIsText).toBe(true);
      const word = await pool.run({ op: 'parse', fileName: 'memo.docx', bytes: docx, options: {} });
      expect(pool.started).toBe(1);
      const direct = await parseDocument('memo.docx', docx);
      expect({ text: word.text, structure: word.structure, notes: word.notes, mimeType: word.mimeType }).toEqual({ ...direct });
      expect(word.hash).toBe(hashText(direct.text));
      expect(word.originalIsText).toBe(false);
      // A large text goes to the worker too, so it cannot hold up this thread.
      const large = await pool.run({ op: 'parse', fileName: 'large.txt', bytes: Buffer.from('x'.repeat(INLINE_MAX_BYTES + 1)), options: {} });
      expect(large.text.length).toBe(INLINE_MAX_BYTES + 1);
      expect(pool.started).toBe(1);
    } finally {
      pool.close();
    }
  });

  it('passes a reader\'s refusal back from the worker with its code and sentence', async () => {
    const pool = new ImportPool();
    try {
      const error = await pool.run({ op: 'parse', fileName: 'cut.docx', bytes: docx.subarray(0, 100), options: {} }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).code).toBe('unsupported-format');
      expect((error as UserError).message).toMatch(/^cut\.docx is damaged or incomplete/);
    } finally {
      pool.close();
    }
  });

  it('stops at once when closed, rejecting what runs and what waits as cancelled', async () => {
    const pool = new ImportPool({ workers: 1 });
    const long = buildDocx({ body: Array.from({ length: 6000 }, (_, index) => wParagraph(`Paragraph ${index}.`)).join('') });
    const running = pool.run({ op: 'parse', fileName: 'long.docx', bytes: long, options: {} }).catch((caught: unknown) => caught);
    const waiting = pool.run({ op: 'parse', fileName: 'next.docx', bytes: docx, options: {} }).catch((caught: unknown) => caught);
    await new Promise((resolve) => setTimeout(resolve, 300));
    pool.close();
    for (const outcome of [await running, await waiting]) {
      expect(outcome).toBeInstanceOf(UserError);
      expect((outcome as UserError).code).toBe('cancelled');
    }
    await expect(pool.run({ op: 'parse', fileName: 'late.txt', bytes: Buffer.from('x'), options: {} })).rejects.toThrow(/cancelled/);
  });

  it('parses everything in this thread when asked for no workers', async () => {
    const pool = new ImportPool({ workers: 0 });
    try {
      const word = await pool.run({ op: 'parse', fileName: 'memo.docx', bytes: docx, options: {} });
      expect(word.text).toBe('第一段。\n\nSecond paragraph.');
      expect(pool.started).toBe(0);
    } finally {
      pool.close();
    }
  });
});

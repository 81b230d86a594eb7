import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { SourceId } from '../../shared/domain/ids';
import type { BatchReport } from '../../shared/domain/types';
import { importBatch } from '../../electron/services/importing';
import type { ProjectSession } from '../../electron/services/session';
import { getSourceText } from '../../electron/services/sources';
import { testBackend, valueOf as value } from '../support/backend';
import { newTestProject } from '../support/project';

/*
 * The import dialog's per-file encoding (issue 3: "an explicit override", "never silently
 * replace bytes"): one batch may hold a GB18030 file, a Big5 file and a UTF-8 file, each read
 * with its own encoding, and each file's own bytes kept as its original.
 */

const GB_TEXT = '浙江省数字经济促进条例\n\n第一条 为了促进数字经济发展，推进数据共享，制定本条例。\n';
const BIG5_TEXT = '臺北市數位政府條例\n\n第一條 為推動資料開放與跨機關資料交換，特制定本條例。\n';
const UTF8_TEXT = 'Interviewer: How were the pilots chosen?\nR1: 省里每年排名。\n';

const gbBytes = (): Uint8Array => new Uint8Array(iconv.encode(GB_TEXT, 'gb18030'));
const big5Bytes = (): Uint8Array => new Uint8Array(iconv.encode(BIG5_TEXT, 'big5'));
const utf8Bytes = (): Uint8Array => new TextEncoder().encode(UTF8_TEXT);

type StoredOriginal = { original_name: string; original_bytes: Buffer | null; text: string };

/** The source's original as stored: its bytes, or (null) its text, which then is the original. */
function storedOriginal(session: ProjectSession, sourceId: string): Uint8Array {
  const row = session.db
    .prepare('SELECT original_name, original_bytes, text FROM sources WHERE id = ?')
    .get(sourceId) as StoredOriginal;
  return row.original_bytes ? new Uint8Array(row.original_bytes) : new TextEncoder().encode(row.text);
}

function idOf(report: BatchReport, name: string): SourceId {
  const found = report.imported.find((item) => item.name === name);
  if (!found) throw new Error(`${name} was not imported: ${JSON.stringify(report)}`);
  return found.sourceId;
}

describe('a per-file encoding in one batch', () => {
  it('reads a GB18030, a Big5 and a UTF-8 file each right, and keeps each file’s own bytes', async () => {
    // The two Chinese encodings give other text when read as each other: the overrides matter.
    expect(iconv.decode(Buffer.from(big5Bytes()), 'gb18030')).not.toBe(BIG5_TEXT);
    expect(iconv.decode(Buffer.from(gbBytes()), 'big5')).not.toBe(GB_TEXT);

    const { session } = await newTestProject();
    const report = await importBatch(session, [
      { name: 'zhejiang.txt', data: gbBytes(), encoding: 'gb18030' },
      { name: 'taipei.md', data: big5Bytes(), encoding: 'big5' },
      { name: 'interview.txt', data: utf8Bytes() },
    ]);
    expect(report.failed).toEqual([]);
    expect(report.imported).toHaveLength(3);

    const gb = idOf(report, 'zhejiang');
    const big5 = idOf(report, 'taipei');
    const utf8 = idOf(report, 'interview');
    expect(getSourceText(session, gb)).toBe(GB_TEXT);
    expect(getSourceText(session, big5)).toBe(BIG5_TEXT);
    expect(getSourceText(session, utf8)).toBe(UTF8_TEXT);

    // The originals are the files' bytes, not a UTF-8 copy of their text.
    expect(Buffer.compare(storedOriginal(session, gb), gbBytes())).toBe(0);
    expect(Buffer.compare(storedOriginal(session, big5), big5Bytes())).toBe(0);
    expect(Buffer.compare(storedOriginal(session, utf8), utf8Bytes())).toBe(0);
  });

  it('lets a file’s own encoding win over the batch’s', async () => {
    const { session } = await newTestProject();
    const report = await importBatch(
      session,
      [
        { name: 'zhejiang.txt', data: gbBytes() },
        { name: 'taipei.txt', data: big5Bytes(), encoding: 'big5' },
      ],
      { encoding: 'gb18030' },
    );
    expect(report.failed).toEqual([]);
    expect(getSourceText(session, idOf(report, 'zhejiang'))).toBe(GB_TEXT);
    expect(getSourceText(session, idOf(report, 'taipei'))).toBe(BIG5_TEXT);
    expect(Buffer.compare(storedOriginal(session, idOf(report, 'taipei')), big5Bytes())).toBe(0);
  });

  it('fails only the file whose encoding Marginalia does not know, naming it, and imports the rest', async () => {
    const { session } = await newTestProject();
    const report = await importBatch(session, [
      { name: 'zhejiang.txt', data: gbBytes(), encoding: 'gb18030' },
      { name: 'odd.txt', data: big5Bytes(), encoding: 'klingon-8' },
      { name: 'interview.txt', data: utf8Bytes() },
    ]);
    expect(report.imported.map((item) => item.name).sort()).toEqual(['interview', 'zhejiang']);
    expect(report.failed).toEqual([
      {
        file: 'odd.txt',
        reason:
          'odd.txt: "klingon-8" is not an encoding Marginalia knows; try utf-8, gb18030, gbk, big5, utf-16le or utf-16be.',
        reasonKey: { key: 'import.encodingUnknown', params: { file: 'odd.txt', encoding: 'klingon-8' } },
      },
    ]);
    const count = session.db.prepare('SELECT COUNT(*) AS n FROM sources').get() as { n: number };
    expect(count.n).toBe(2);
  });
});

describe('a per-file encoding through the sources:import channel', () => {
  it('passes each file’s encoding to the import, so both Chinese files read right in one call', async () => {
    const b = testBackend();
    await value(b.invoke('projects:create', { name: 'Encodings', template: 'empty', coderName: 'Ana' }));
    const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
    const report = await value<BatchReport>(
      b.invoke('sources:import', {
        files: [
          { name: 'zhejiang.txt', dataBase64: base64(gbBytes()), encoding: 'gb18030' },
          { name: 'taipei.txt', dataBase64: base64(big5Bytes()), encoding: 'big5' },
          { name: 'interview.txt', dataBase64: base64(utf8Bytes()) },
          { name: 'odd.txt', dataBase64: base64(big5Bytes()), encoding: 'klingon-8' },
        ],
      }),
    );
    expect(report.imported.map((item) => item.name).sort()).toEqual(['interview', 'taipei', 'zhejiang']);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0].file).toBe('odd.txt');
    expect(report.failed[0].reason).toMatch(/^odd\.txt: "klingon-8" is not an encoding Marginalia knows/);
    const text = async (name: string): Promise<string> =>
      (await value<{ text: string }>(b.invoke('sources:get', { sourceId: idOf(report, name) }))).text;
    expect(await text('zhejiang')).toBe(GB_TEXT);
    expect(await text('taipei')).toBe(BIG5_TEXT);
    expect(await text('interview')).toBe(UTF8_TEXT);

    // An encoding name longer than the contract allows is refused before anything is read.
    const refused = await b.invoke('sources:import', {
      files: [{ name: 'a.txt', dataBase64: base64(utf8Bytes()), encoding: 'x'.repeat(41) }],
    });
    expect(refused.ok).toBe(false);
  });
});

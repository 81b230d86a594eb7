import { describe, expect, it } from 'vitest';
import type { Code } from '../../shared/domain/types';
import type { CodebookImportPreview, MergeSummary, RolledUpCounts } from '../../shared/ipc/channels/codebook';
import { testBackend, valueOf as value } from '../support/backend';

describe('the codebook channels through the contract', () => {
  it('move, merge, count, export and import codes, telling every window the codebook changed', async () => {
    const b = testBackend();
    const events: string[] = [];
    b.onEvent((event) => {
      if (event.name === 'project:changed') events.push((event.payload as { what: string }).what);
    });
    await value(b.invoke('projects:create', { name: '编码本', template: 'empty', coderName: 'Ana' }));
    const text = 'Pilots were ranked every year by the province.';
    const report = await value<{ imported: { sourceId: string }[] }>(
      b.invoke('sources:import', { files: [{ name: 'one.txt', dataBase64: Buffer.from(text).toString('base64') }] }),
    );
    const sourceId = report.imported[0].sourceId;
    const create = (name: string, parentId: string | null = null) =>
      value<Code>(b.invoke('codes:create', { parentId, name }));
    const pilots = await create('Pilots');
    const ranking = await create('Ranking');
    await value(b.invoke('codings:create', { sourceId, codeId: ranking.id, start: 0, end: 6 }));
    await value(b.invoke('codings:create', { sourceId, codeId: pilots.id, start: 0, end: 6 }));
    events.length = 0;

    const moved = await value<Code>(b.invoke('codes:move', { codeId: ranking.id, parentId: pilots.id, position: 0 }));
    expect(moved.path).toBe('Pilots/Ranking');
    const counts = await value<RolledUpCounts[]>(b.invoke('codes:counts', {}));
    expect(counts).toEqual([
      { codeId: pilots.id, segments: 2, documents: 1 },
      { codeId: ranking.id, segments: 1, documents: 1 },
    ]);
    const refused = await b.invoke('codes:move', { codeId: pilots.id, parentId: ranking.id, position: 0 });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'invalid-arguments',
        message: '"Pilots" cannot be moved under "Ranking": that is one of its own sub-codes.',
      },
    });
    const badPosition = await b.invoke('codes:move', { codeId: pilots.id, parentId: null, position: -1 });
    expect(badPosition.ok).toBe(false);

    const preview = await value<MergeSummary>(
      b.invoke('codes:previewMerge', { sourceCodeId: ranking.id, targetCodeId: pilots.id }),
    );
    expect(preview).toEqual({ moved: 0, collapsed: 1, children: 0, mergedChildren: 0 });
    expect(await value(b.invoke('codes:merge', { sourceCodeId: ranking.id, targetCodeId: pilots.id }))).toEqual(
      preview,
    );
    expect((await value<Code[]>(b.invoke('codes:list', {}))).map((code) => [code.path, code.segmentCount])).toEqual([
      ['Pilots', 1],
    ]);
    await value(b.invoke('history:undo', {}));
    expect((await value<Code[]>(b.invoke('codes:list', {}))).map((code) => [code.path, code.segmentCount])).toEqual([
      ['Pilots', 1],
      ['Pilots/Ranking', 1],
    ]);

    const exported = await value<{ fileName: string; content: string; mimeType: string }>(
      b.invoke('codebooks:export', { format: 'csv' }),
    );
    expect(exported.fileName).toBe('编码本 codebook.csv');
    expect(exported.mimeType).toBe('text/csv;charset=utf-8');
    const file = {
      fileName: 'more.csv',
      dataBase64: Buffer.from(`${exported.content.trimEnd()}\r\nPilots/County,,\r\n`).toString('base64'),
    };
    const importPreview = await value<CodebookImportPreview>(b.invoke('codebooks:previewImport', { file }));
    expect(importPreview).toMatchObject({ added: 1, updated: 0, unchanged: 2 });
    await value(b.invoke('codebooks:import', { file }));
    expect((await value<Code[]>(b.invoke('codes:list', {}))).map((code) => code.path)).toContain('Pilots/County');
    const bad = await b.invoke('codebooks:previewImport', {
      file: { fileName: 'bad.csv', dataBase64: Buffer.from('name\nx\n').toString('base64') },
    });
    expect(bad.ok).toBe(false);
    // Moves, merges and imports told the windows; previews, counts and exports did not.
    expect(events).toEqual(['codes', 'codes', 'project', 'codes']);
  });
});

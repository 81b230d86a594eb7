import { describe, expect, it } from 'vitest';
import { testBackend, valueOf as value } from '../support/backend';
import type {
  AutocodeOutcome,
  AutocodePreview,
  SearchIndexState,
  SearchResult,
} from '../../shared/ipc/channels/search';

describe('search through the contract', () => {
  it('prepares the index, searches, previews and autocodes as one undo step; a bad pattern is an error value', async () => {
    const b = testBackend();
    await value(b.invoke('projects:create', { name: 'Search', template: 'empty', coderName: 'Ana' }));
    const files = [
      { name: 'zj.txt', text: '数据共享，数据开放。\n平台建设。' },
      { name: 'ah.txt', text: '推进数据平台建设。' },
    ];
    await value(
      b.invoke('sources:import', {
        files: files.map((file) => ({ name: file.name, dataBase64: Buffer.from(file.text).toString('base64') })),
      }),
    );
    let state = await value<SearchIndexState>(b.invoke('search:prepare', {}));
    while (!state.done) state = await value<SearchIndexState>(b.invoke('search:prepare', {}));
    expect(state).toMatchObject({ indexedSources: 2, totalSources: 2 });

    const result = await value<SearchResult>(b.invoke('search:run', { query: '数据' }));
    expect(result).toMatchObject({ method: 'scan', hitCount: 3, sourceCount: 2, moreHits: 0 });
    expect(result.sources.map((source) => [source.name, source.hits.map((hit) => hit.start)])).toEqual([
      ['zj', [0, 5]],
      ['ah', [2]],
    ]);

    const code = await value<{ id: string }>(b.invoke('codes:create', { name: '数据', parentId: null }));
    const args = { query: '数据', codeId: code.id, scope: 'sentence' } as const;
    const preview = await value<AutocodePreview>(b.invoke('search:previewAutocode', args));
    expect(preview).toMatchObject({ matches: 3, passages: 2, sources: 2, alreadyCoded: 0 });
    const outcome = await value<AutocodeOutcome>(b.invoke('search:autocode', args));
    expect(outcome).toMatchObject({ codings: 2, sources: 2 });
    const codes = await value<{ id: string; segmentCount: number }[]>(b.invoke('codes:list', {}));
    expect(codes.find((entry) => entry.id === code.id)?.segmentCount).toBe(2);

    expect(await value(b.invoke('history:undo', {}))).toEqual({ description: outcome.description });
    const after = await value<{ id: string; segmentCount: number }[]>(b.invoke('codes:list', {}));
    expect(after.find((entry) => entry.id === code.id)?.segmentCount).toBe(0);

    const bad = await b.invoke('search:run', { query: '(数据', regex: true });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    expect(bad.ok ? '' : bad.error.message).toMatch(/cannot be read/);
  });
});

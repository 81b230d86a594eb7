import { describe, expect, it } from 'vitest';
import type { Code } from '../../shared/domain/types';
import type { MemoEntry } from '../../shared/ipc/channels/memos';
import type { RetrievalReport } from '../../shared/ipc/channels/retrieval';
import { testBackend, valueOf as value } from '../support/backend';

describe('memos and retrieval through the contract', () => {
  it('writes, lists and deletes memos, undoable, and tells windows what changed', async () => {
    const b = testBackend();
    await value(b.invoke('projects:create', { name: 'Study', template: 'sample', coderName: 'Ana' }));
    const events: string[] = [];
    b.onEvent((event) => events.push(`${event.name}:${(event.payload as { what: string }).what}`));

    const journal = await value<MemoEntry>(
      b.invoke('memos:save', { target: { type: 'project', id: null }, title: 'Week 1', body: '- **trust**' }),
    );
    expect(journal).toMatchObject({ about: 'Study', body: '- **trust**', authorName: 'Ana' });
    expect(events).toEqual(['project:changed:project']);

    const codes = await value<Code[]>(b.invoke('codes:list', {}));
    const incentives = codes.find((code) => code.path === 'Incentives') as Code;
    const report = await value<RetrievalReport>(
      b.invoke('retrieval:get', { codeId: incentives.id, where: [{ attribute: 'province', value: 'Anhui' }] }),
    );
    expect(report.passages.length).toBeGreaterThan(0);
    expect(report.passages.every((passage) => passage.attributes.province === 'Anhui')).toBe(true);

    const codingId = report.passages[0].codingId;
    await value(b.invoke('memos:save', { target: { type: 'coding', id: codingId }, title: '', body: 'why here?' }));
    expect(events.at(-1)).toBe('project:changed:codings');
    const again = await value<RetrievalReport>(
      b.invoke('retrieval:get', { codeId: incentives.id, where: [{ attribute: 'province', value: 'Anhui' }] }),
    );
    expect(again.passages[0].memo).toBe('why here?');

    expect((await value<MemoEntry[]>(b.invoke('memos:list', {}))).length).toBe(2);
    await value(b.invoke('memos:delete', { target: journal.target, memoId: journal.memoId }));
    expect((await value<MemoEntry[]>(b.invoke('memos:list', {}))).length).toBe(1);
    await value(b.invoke('history:undo', {}));
    expect((await value<MemoEntry[]>(b.invoke('memos:list', {}))).map((memo) => memo.title)).toContain('Week 1');
  });

  it('answers malformed targets and unknown filters with error values, not exceptions', async () => {
    const b = testBackend();
    await value(b.invoke('projects:create', { name: 'Study', template: 'sample', coderName: 'Ana' }));
    const wrong = await b.invoke('memos:save', {
      target: { type: 'project', id: '00000000-0000-4000-8000-000000000001' },
      title: '',
      body: 'x',
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    const missing = await b.invoke('memos:get', {
      target: { type: 'source', id: '00000000-0000-4000-8000-000000000001' },
    });
    expect(missing).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: 'That source is no longer in the project.' },
    });
    const codes = await value<Code[]>(b.invoke('codes:list', {}));
    const filter = await b.invoke('retrieval:get', {
      codeId: codes[0].id,
      where: [{ attribute: 'region', value: 'x' }],
    });
    expect(filter).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});

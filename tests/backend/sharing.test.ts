import { describe, expect, it } from 'vitest';
import { testBackend, valueOf as value } from '../support/backend';

describe('sharing through the contract', () => {
  it('exports a project, previews merging it back (nothing new), and reports two-coder agreement', async () => {
    const b = testBackend();
    await value(b.invoke('projects:create', { name: 'Shared', template: 'digital-governance', coderName: 'Ana' }));
    const text = 'Plans and pilots, and budgets 😀 for staff.';
    const report = await value<{ imported: { sourceId: string }[] }>(
      b.invoke('sources:import', { files: [{ name: 'one.txt', dataBase64: Buffer.from(text).toString('base64') }] }),
    );
    const sourceId = report.imported[0].sourceId;
    const codes = await value<{ id: string; path: string }[]>(b.invoke('codes:list', {}));
    const plan = codes.find((code) => code.path === 'Instruments/Digital planning system')?.id as string;
    await value(b.invoke('codings:create', { sourceId, codeId: plan, start: 0, end: 16 }));
    await value(b.invoke('coders:setCurrent', { name: 'Bo' }));
    await value(b.invoke('codings:create', { sourceId, codeId: plan, start: 0, end: 5 }));

    const exported = await value<{ fileName: string; dataBase64: string; counts: { codings: number } }>(
      b.invoke('projects:export', { format: 'qdpx' }),
    );
    expect(exported.fileName).toMatch(/\.qdpx$/);
    expect(exported.counts.codings).toBe(2);
    const preview = await value<{ nothingToAdd: boolean }>(
      b.invoke('merges:preview', { file: { fileName: exported.fileName, dataBase64: exported.dataBase64 } }),
    );
    expect(preview.nothingToAdd).toBe(true);

    // Character level, code "Digital planning system": 43 UTF-16 units = 42 code points (😀 is one).
    // Ana codes [0,16), Bo [0,5) → both 5, only Ana 11, neither 26.
    // κ = (p_o − p_e)/(1 − p_e) with p_o = 31/42, p_e = (16·5 + 26·37)/42² = 1042/1764 → 260/722.
    const agreement = await value<{ coders: string[]; pooled: { kappa: number; table: { cells: number[][] } } }>(
      b.invoke('agreement:get', { coders: ['Ana', 'Bo'], unit: 'character', code: 'Instruments/Digital planning system' }),
    );
    expect(agreement.coders).toEqual(['Ana', 'Bo']);
    expect(agreement.pooled.table.cells).toEqual([
      [5, 11],
      [0, 26],
    ]);
    expect(agreement.pooled.kappa).toBeCloseTo(260 / 722, 10);
    const csv = await value<{ fileName: string; content: string }>(
      b.invoke('agreement:exportCsv', { coders: ['Ana', 'Bo'], unit: 'character' }),
    );
    expect(csv.fileName).toBe('agreement-character-Ana-Bo.csv');
    expect(csv.content).toMatch(/Digital planning system/);
    const refused = await b.invoke('agreement:get', { coders: ['Ana'], unit: 'character' });
    expect(refused.ok).toBe(false);
  });
});

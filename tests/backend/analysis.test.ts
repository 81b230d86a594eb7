import { describe, expect, it } from 'vitest';
import { testBackend, valueOf as value } from '../support/backend';

describe('analysis through the contract', () => {
  it('autocodes a two-character Chinese term, then crosstabs, saves the query and exports a chart', async () => {
    const b = testBackend();
    await value(b.invoke('projects:create', { name: 'Analysis', template: 'digital-governance', coderName: 'Ana' }));
    const files = [
      { name: 'zj.txt', text: '数据共享，数据开放。' },
      { name: 'ah.txt', text: '推进数据平台建设。' },
    ];
    const report = await value<{ imported: { sourceId: string; name: string }[] }>(
      b.invoke('sources:import', { files: files.map((file) => ({ name: file.name, dataBase64: Buffer.from(file.text).toString('base64') })) }),
    );
    const [zj, ah] = report.imported;
    await value(b.invoke('attributes:set', { sourceId: zj.sourceId, name: 'province', value: 'Zhejiang' }));
    await value(b.invoke('attributes:set', { sourceId: ah.sourceId, name: 'province', value: 'Anhui' }));
    const codes = await value<{ id: string; path: string }[]>(b.invoke('codes:list', {}));
    const technical = codes.find((code) => code.path === 'Capacity/Technical capacity')?.id as string;

    // 数据 occurs twice in zj and once in ah.
    const coded = await value<{ codings: number; sources: number }>(b.invoke('codings:autocode', { codeId: technical, term: '数据' }));
    expect(coded).toEqual({ codings: 3, sources: 2 });

    const query = { kind: 'crosstab', by: 'province', unit: 'segments' } as const;
    const table = await value<{ by: string; result: unknown }>(b.invoke('crosstabs:get', query as never));
    expect(table.by).toBe('province');
    const frequencies = await value<{ rows: { code: string; values: Record<string, number> }[] }>(
      b.invoke('frequencies:get', { by: 'province', unit: 'segments' }),
    );
    expect(frequencies.rows.find((row) => row.code === 'Capacity')?.values).toEqual({ Anhui: 1, Zhejiang: 2, '(none)': 0 });

    const saved = await value<{ name: string }>(b.invoke('queries:save', { name: 'by province', query: query as never }));
    expect(saved.name).toBe('by province');
    expect((await value<{ name: string }[]>(b.invoke('queries:list', {}))).map((entry) => entry.name)).toEqual(['by province']);

    const chart = await value<{ fileName: string; mimeType: string; dataBase64: string }>(
      b.invoke('charts:export', { query: query as never, chart: 'bars', format: 'png' }),
    );
    const png = Buffer.from(chart.dataBase64, 'base64');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(chart.mimeType).toBe('image/png');

    // Undo takes the whole autocode back in one step.
    await value(b.invoke('history:undo', {}));
    const after = await value<{ rows: { code: string; values: Record<string, number> }[] }>(
      b.invoke('frequencies:get', { by: 'province', unit: 'segments' }),
    );
    expect(after.rows.find((row) => row.code === 'Capacity')?.values).toEqual({ Anhui: 0, Zhejiang: 0, '(none)': 0 });
  });
});

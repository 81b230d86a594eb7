import { describe, expect, it } from 'vitest';
import type { AttributeId, CodeId } from '../../shared/domain/ids';
import type { Attribute } from '../../shared/domain/types';
import type { CrosstabQuery } from '../../shared/format/query';
import { base64ToBytes } from '../../renderer/lib/files';
import {
  chartKinds,
  choiceOfSaved,
  defaultQueries,
  effectiveQuery,
  exportFormats,
  formatFigure,
  headerGroups,
  queryProblem,
  topLevelCodeIds,
} from '../../renderer/features/analysis/queryModel';
import { createAppStore } from '../../renderer/store';
import { fakeBridge, makeCode, makeProject, testId, type FakeBridge } from './support/fixtures';

const attribute = (name: string, type: Attribute['type']): Attribute => ({ id: testId<AttributeId>(), name, type });
const attributes = [
  attribute('level', 'text'),
  attribute('province', 'text'),
  attribute('year', 'number'),
  attribute('enacted', 'date'),
];

const policy = makeCode({ name: 'Policy', position: 1 });
const data = makeCode({ name: 'Data', path: 'Policy/Data', parentId: policy.id, depth: 1 });
const actors = makeCode({ name: 'Actors', position: 0 });
const codes = [policy, data, actors];

describe('the queries the Analysis tab starts with', () => {
  it('opens on the headline table: codes by province, in segments, each with its descendants, no percentages', () => {
    const { crosstab, wordfreq } = defaultQueries(attributes);
    expect(crosstab).toEqual({
      kind: 'crosstab',
      by: 'province',
      then: null,
      bin: null,
      thenBin: null,
      codeIds: null,
      rollup: true,
      unit: 'segments',
      percent: null,
      where: [],
      coder: null,
    });
    expect(wordfreq.by).toBe('province');
  });

  it('uses the first attribute when the project has no province, and province when it has none at all', () => {
    expect(defaultQueries([attributes[0], attributes[2]]).crosstab.by).toBe('level');
    expect(defaultQueries([]).crosstab.by).toBe('province');
  });
});

describe('which codes a query counts', () => {
  const queries = defaultQueries(attributes);
  const chosen: CrosstabQuery = { ...queries.crosstab, codeIds: [data.id] };

  it('resolves "top level" against the codebook as it is now, in codebook order', () => {
    expect(topLevelCodeIds(codes)).toEqual([actors.id, policy.id]);
    const query = effectiveQuery('crosstab', queries, { crosstab: 'top', cooccurrence: 'all', matrix: 'all' }, codes);
    expect(query.codeIds).toEqual([actors.id, policy.id]);
  });

  it('sends null for every code, and the ids ticked by hand for "chosen"', () => {
    expect(
      effectiveQuery('crosstab', queries, { crosstab: 'all', cooccurrence: 'all', matrix: 'all' }, codes).codeIds,
    ).toBeNull();
    const withChosen = { ...queries, crosstab: chosen };
    expect(
      effectiveQuery('crosstab', withChosen, { crosstab: 'chosen', cooccurrence: 'all', matrix: 'all' }, codes).codeIds,
    ).toEqual([data.id]);
  });

  it('leaves analyses of one code alone', () => {
    expect(effectiveQuery('segments', queries, { crosstab: 'top', cooccurrence: 'top', matrix: 'top' }, codes)).toBe(
      queries.segments,
    );
  });

  it('shows a saved query by its own ids, or every code when it saved none', () => {
    expect(choiceOfSaved(chosen)).toBe('chosen');
    expect(choiceOfSaved(queries.matrix)).toBe('all');
    expect(choiceOfSaved(queries.segments)).toBeNull();
  });

  it('does not send a query with no codes, or nested by the same attribute twice', () => {
    expect(queryProblem({ ...queries.crosstab, codeIds: [] as CodeId[] })).toBe('noCodes');
    expect(queryProblem({ ...queries.crosstab, then: 'province' })).toBe('sameAttribute');
    expect(queryProblem({ ...queries.crosstab, then: 'level' })).toBeNull();
  });
});

// The attribute filters' model (lib/attributeFilters.ts) is tested in filters-model.test.ts.

describe('laying out results', () => {
  it('groups nested columns by their first value for the upper header row', () => {
    const column = (first: string, second: string) => ({ key: `${first} / ${second}`, values: [first, second] });
    expect(
      headerGroups([
        column('Anhui', 'city'),
        column('Anhui', 'street'),
        column('Sichuan', 'city'),
        column('Anhui', 'x'),
      ]),
    ).toEqual([
      { value: 'Anhui', span: 2 },
      { value: 'Sichuan', span: 1 },
      { value: 'Anhui', span: 1 },
    ]);
  });

  it('writes coverage as a percentage with one decimal and counts as whole numbers', () => {
    const integer = (value: number) => value.toLocaleString('en');
    expect(formatFigure(12.345, 'coverage', integer)).toBe('12.3 %');
    expect(formatFigure(12345, 'characters', integer)).toBe('12,345');
  });

  it('offers the charts and formats the backend makes for each analysis', () => {
    expect(chartKinds('crosstab')).toEqual(['bars', 'stacked', 'heatmap']);
    expect(chartKinds('cooccurrence')).toEqual(['heatmap']);
    expect(chartKinds('matrix')).toEqual([]);
    expect(exportFormats('codebook')).toContain('docx');
    expect(exportFormats('crosstab')).not.toContain('docx');
  });

  it('decodes exported bytes exactly, a BOM and bytes above 127 included', () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, 0x41, 0x00, 0xff, 0x89]);
    expect([...base64ToBytes(btoa(String.fromCharCode(...bytes)))]).toEqual([...bytes]);
  });
});

describe('answers that cross', () => {
  it('shows only the latest query’s answer when an earlier one arrives after it', async () => {
    const pending: { unit: string; resolve(value: unknown): void }[] = [];
    const bridge = fakeBridge({});
    const slow: FakeBridge = {
      ...bridge,
      call: ((channel: string, args: { unit: string }) =>
        channel === 'crosstabs:get'
          ? new Promise<unknown>((resolve) =>
              pending.push({ unit: args.unit, resolve: (value) => resolve({ ok: true, value }) }),
            )
          : bridge.call(channel as never, args as never)) as FakeBridge['call'],
    };
    const store = createAppStore(slow);
    store.setState({ project: makeProject(), codes, attributes });
    store.getState().initAnalysis();
    const first = store.getState().runAnalysis();
    store.getState().setAnalysisQuery('crosstab', { unit: 'documents' });
    const second = store.getState().runAnalysis();
    expect(pending.map((call) => call.unit)).toEqual(['segments', 'documents']);
    pending[1].resolve({ answer: 'documents' });
    await second;
    pending[0].resolve({ answer: 'segments' });
    await first;
    expect(store.getState().analysisReports.crosstab).toEqual({ answer: 'documents' });
    expect(store.getState().analysisLoading.crosstab).toBeUndefined();
  });
});

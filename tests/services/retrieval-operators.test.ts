import { describe, expect, it } from 'vitest';
import { createCode, findCodeByPath } from '../../electron/services/codes';
import { createCodings } from '../../electron/services/codings';
import { retrievePassages } from '../../electron/services/retrieval';
import { listAttributes } from '../../electron/services/attributes';
import type { Db } from '../../electron/store/database';
import type { CodeId, SourceId } from '../../shared/domain/ids';
import { addText, newTestProject } from '../support/project';

/*
 * Retrieval's attribute filters take the analyses' six comparisons. On real project files,
 * each filter keeps exactly the codings a direct SQL query over the tables keeps (numbers
 * compared as numbers, dates in calendar order), so retrieval and the analyses agree.
 */

/** Coding ids of a code and its children in the sources whose attribute `name` passes `condition` (SQL on the value `v.value`). */
function codingsWhere(db: Db, codeId: string, name: string, condition: string, parameter: string | number): string[] {
  return db
    .prepare(
      `SELECT c.id FROM codings c
       JOIN codes k ON k.id = c.code_id
       JOIN attribute_values v ON v.source_id = c.source_id
       JOIN attributes a ON a.id = v.attribute_id AND a.name = ?
       WHERE (k.id = ? OR k.parent_id = ?) AND ${condition}`,
    )
    .pluck()
    .all(name, codeId, codeId, parameter) as string[];
}

describe('retrieval filters with comparisons', () => {
  it('keeps exactly the passages of year ≥ 2022 and of province ≠ Zhejiang that SQL finds', async () => {
    const { session } = await newTestProject({ sample: true });
    expect(listAttributes(session.db).find((attribute) => attribute.name === 'year')?.type).toBe('number');
    const capacity = findCodeByPath(session, 'Capacity');
    const all = retrievePassages(session, { codeId: capacity.id }).passages;

    const recent = retrievePassages(session, {
      codeId: capacity.id,
      where: [{ attribute: 'year', op: '>=', value: '2022' }],
    });
    const recentSql = codingsWhere(session.db, capacity.id, 'year', 'CAST(v.value AS REAL) >= ?', 2022);
    expect(recentSql.length).toBeGreaterThan(0);
    expect(recentSql.length).toBeLessThan(all.length);
    expect(new Set(recent.passages.map((passage) => passage.codingId))).toEqual(new Set(recentSql));
    expect(recent.passages).toHaveLength(recentSql.length);
    expect(recent.where).toEqual([{ attribute: 'year', op: '>=', value: '2022' }]);

    const elsewhere = retrievePassages(session, {
      codeId: capacity.id,
      where: [{ attribute: 'province', op: '!=', value: 'Zhejiang' }],
    });
    const elsewhereSql = codingsWhere(session.db, capacity.id, 'province', 'v.value <> ?', 'Zhejiang');
    expect(elsewhereSql.length).toBeGreaterThan(0);
    expect(new Set(elsewhere.passages.map((passage) => passage.codingId))).toEqual(new Set(elsewhereSql));
    expect(elsewhere.passages.every((passage) => passage.attributes.province !== 'Zhejiang')).toBe(true);

    // Both at once: every filter must hold.
    const both = retrievePassages(session, {
      codeId: capacity.id,
      where: [
        { attribute: 'year', op: '>=', value: '2022' },
        { attribute: 'province', op: '!=', value: 'Zhejiang' },
      ],
    });
    const bothSql = new Set(recentSql.filter((id) => elsewhereSql.includes(id)));
    expect(new Set(both.passages.map((passage) => passage.codingId))).toEqual(bothSql);

    // Without an operator a filter is equality, as before.
    const zhejiang = retrievePassages(session, {
      codeId: capacity.id,
      where: [{ attribute: 'province', value: 'Zhejiang' }],
    });
    expect(new Set(zhejiang.passages.map((passage) => passage.codingId))).toEqual(
      new Set(codingsWhere(session.db, capacity.id, 'province', 'v.value = ?', 'Zhejiang')),
    );
  });

  it('compares numbers by value and dates in calendar order, so a range is two filters', async () => {
    const { session } = await newTestProject();
    // 9 < 10 as numbers but not as text; dates across a year's end.
    const rows: [string, string, string][] = [
      ['a', '9', '2021-12-31'],
      ['b', '10', '2022-01-01'],
      ['c', '100', '2022-06-15'],
      ['d', '2', '2023-01-01'],
    ];
    const sources = new Map<string, SourceId>();
    for (const [name, size, interviewed] of rows) {
      const source = await addText(session, name, `Text of ${name}. It mentions training.`, { size, interviewed });
      sources.set(name, source.id);
    }
    const code = createCode(session, { parentId: null, name: 'Training' });
    createCodings(
      session,
      [...sources.values()].map((sourceId) => ({ sourceId, codeId: code.id as CodeId, start: 0, end: 9 })),
    );
    const names = (where: { attribute: string; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: string }[]) =>
      retrievePassages(session, { codeId: code.id, where })
        .passages.map((passage) => passage.source)
        .sort();

    expect(names([{ attribute: 'size', op: '<', value: '10' }])).toEqual(['a', 'd']);
    expect(names([{ attribute: 'size', op: '>', value: '9' }])).toEqual(['b', 'c']);
    expect(names([{ attribute: 'size', op: '!=', value: '10.0' }])).toEqual(['a', 'c', 'd']);
    const range = names([
      { attribute: 'interviewed', op: '>=', value: '2022-01-01' },
      { attribute: 'interviewed', op: '<=', value: '2022-12-31' },
    ]);
    expect(range).toEqual(['b', 'c']);
    // The same range asked of SQL (ISO dates order as text).
    const sql = session.db
      .prepare(
        `SELECT s.name FROM codings c JOIN sources s ON s.id = c.source_id
         JOIN attribute_values v ON v.source_id = c.source_id
         JOIN attributes a ON a.id = v.attribute_id AND a.name = 'interviewed'
         WHERE c.code_id = ? AND v.value BETWEEN '2022-01-01' AND '2022-12-31' ORDER BY s.name`,
      )
      .pluck()
      .all(code.id) as string[];
    expect(range).toEqual(sql);

    // A value that does not fit the attribute is refused with a sentence, never compared as text.
    expect(() =>
      retrievePassages(session, { codeId: code.id, where: [{ attribute: 'interviewed', op: '>', value: '2022' }] }),
    ).toThrow(/"2022" is not a date written YYYY-MM-DD/);
    expect(() =>
      retrievePassages(session, { codeId: code.id, where: [{ attribute: 'size', op: '>=', value: 'ten' }] }),
    ).toThrow(/is not a number/);
  });
});

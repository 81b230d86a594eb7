import { describe, expect, it } from 'vitest';
import type { AttributeId } from '../../shared/domain/ids';
import type { Attribute } from '../../shared/domain/types';
import type { WhereClause } from '../../shared/stats/crosstab';
import {
  attributeChoices,
  attributeValues,
  filtersStatus,
  isComplete,
  newFilter,
  rowProblem,
  sendableFilters,
  whereProblem,
} from '../../renderer/lib/attributeFilters';
import { testId } from './support/fixtures';

// The attribute filters Analysis and Retrieval share (renderer/lib/attributeFilters.ts): what a
// row as typed means for each attribute type, and what is sent.

const attribute = (name: string, type: Attribute['type']): Attribute => ({ id: testId<AttributeId>(), name, type });
const attributes = [attribute('province', 'text'), attribute('year', 'number'), attribute('enacted', 'date')];
const row = (attributeName: string, op: WhereClause['op'], value: string): WhereClause => ({
  attribute: attributeName,
  op,
  value,
});

describe('a filter value against its attribute', () => {
  it('takes numbers, including negative and decimal ones, for a number attribute', () => {
    for (const value of ['2019', ' 2019 ', '-3', '2.5'])
      expect(whereProblem(attributes, row('year', '>=', value))).toBeNull();
    for (const value of ['201x', '2019-01-01', '2.', '二〇一九']) {
      expect(whereProblem(attributes, row('year', '>=', value))).toBe('number');
    }
  });

  it('takes only YYYY-MM-DD for a date attribute, so 2022-0 is half-typed', () => {
    expect(whereProblem(attributes, row('enacted', '<', '2022-03-01'))).toBeNull();
    for (const value of ['2022', '2022-0', '2022-3-1', '01/03/2022']) {
      expect(whereProblem(attributes, row('enacted', '<', value))).toBe('date');
    }
  });

  it('takes anything for a text attribute, and for an attribute the project no longer has', () => {
    expect(whereProblem(attributes, row('province', '=', 'Zhejiang 浙江'))).toBeNull();
    expect(whereProblem(attributes, row('province', '<', '12x'))).toBeNull();
    expect(whereProblem(attributes, row('deleted', '=', 'x'))).toBeNull();
  });

  it('shows no problem while the value is still empty, but does not count the row as complete', () => {
    expect(rowProblem(attributes, row('year', '=', '  '))).toBeNull();
    expect(isComplete(attributes, row('year', '=', '  '))).toBe(false);
    expect(rowProblem(attributes, row('year', '=', '20x'))).toBe('number');
    expect(isComplete(attributes, row('year', '=', '20x'))).toBe(false);
    expect(isComplete(attributes, row('year', '=', '2020'))).toBe(true);
  });
});

describe('the rows sent and what the line under them says', () => {
  const rows = [
    row('year', '>=', ' 2019 '),
    row('year', '<', '20x'),
    row('province', '=', ''),
    row('enacted', '<=', '2022-1'),
    row('province', '!=', 'Anhui'),
  ];

  it('sends only complete rows, trimmed, in their order', () => {
    expect(sendableFilters(attributes, rows)).toEqual([row('year', '>=', '2019'), row('province', '!=', 'Anhui')]);
    expect(sendableFilters(attributes, [])).toEqual([]);
  });

  it('names the first problem, else says that rows without a value are not applied, else nothing', () => {
    expect(filtersStatus(attributes, rows)).toEqual({ kind: 'problem', problem: 'number' });
    expect(filtersStatus(attributes, [rows[0], rows[3]])).toEqual({ kind: 'problem', problem: 'date' });
    expect(filtersStatus(attributes, [rows[0], rows[2]])).toEqual({ kind: 'incomplete' });
    expect(filtersStatus(attributes, [rows[0], rows[4]])).toEqual({ kind: 'complete' });
    expect(filtersStatus(attributes, [])).toEqual({ kind: 'complete' });
  });
});

describe('building a row', () => {
  it('adds a row on the first attribute not filtered yet, then the first again for a range', () => {
    expect(newFilter(attributes, [])).toEqual(row('province', '=', ''));
    expect(newFilter(attributes, [row('province', '=', 'Anhui')])).toEqual(row('year', '=', ''));
    expect(newFilter(attributes, [row('province', '=', ''), row('year', '=', ''), row('enacted', '=', '')])).toEqual(
      row('province', '=', ''),
    );
    expect(newFilter([], [])).toBeNull();
  });

  it('offers the project’s values of each attribute in natural order, without blanks or repeats', () => {
    const values = attributeValues(attributes, [
      { attributes: { province: 'Zhejiang', year: '2019' } },
      { attributes: { province: 'Anhui', year: '2' } },
      { attributes: { province: 'Zhejiang', year: '', enacted: '2021-05-01' } },
      { attributes: {} },
    ]);
    expect(values.get('province')).toEqual(['Anhui', 'Zhejiang']);
    expect(values.get('year')).toEqual(['2', '2019']);
    expect(values.get('enacted')).toEqual(['2021-05-01']);
  });

  it('keeps an attribute the project no longer has visible in its row’s select', () => {
    expect(attributeChoices(attributes, row('year', '=', ''))).toEqual(['province', 'year', 'enacted']);
    expect(attributeChoices(attributes, row('county', '=', 'X'))).toEqual(['province', 'year', 'enacted', 'county']);
  });
});

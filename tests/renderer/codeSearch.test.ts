import { describe, expect, it } from 'vitest';
import type { CodeId } from '../../shared/domain/ids';
import type { Code } from '../../shared/domain/types';
import { shortcutCodes, withUse } from '../../renderer/features/codebook/recentCodes';
import { fuzzyMatch, highlightRuns } from '../../renderer/features/palette/fuzzy';
import { namesByCode, rankCodes } from '../../renderer/features/palette/rankCodes';
import { makeCode } from './support/fixtures';

function codebook(): Code[] {
  const instruments = makeCode({ name: 'Instruments' });
  const planning = makeCode({ name: 'Digital planning system', parentId: instruments.id, depth: 1 });
  const pilots = makeCode({ name: 'Policy experimentation and pilots', parentId: instruments.id, depth: 1 });
  const incentives = makeCode({ name: 'Incentives' });
  const promotion = makeCode({ name: '晋升激励', parentId: incentives.id, depth: 1 });
  const fiscal = makeCode({ name: '财政激励', parentId: incentives.id, depth: 1 });
  const capacity = makeCode({ name: 'Capacity' });
  const people = makeCode({ name: 'Staff and skills', parentId: capacity.id, depth: 1 });
  const planners = makeCode({ name: 'Planners', parentId: people.id, depth: 2 });
  return [instruments, planning, pilots, incentives, promotion, fiscal, capacity, people, planners];
}

const paths = (ranked: { names: readonly string[] }[]): string[] => ranked.map((entry) => entry.names.join('/'));

describe('fuzzy search over code paths', () => {
  it('matches terms across path segments and marks the matched characters', () => {
    const match = fuzzyMatch('inst plan', ['Instruments', 'Digital planning system']);
    expect(match).not.toBeNull();
    const runs = highlightRuns('Instruments/Digital planning system', match?.indices ?? []);
    expect(runs.filter((run) => run.matched).map((run) => run.text)).toEqual(['Inst', 'plan']);
    expect(fuzzyMatch('inst/dps', ['Instruments', 'Digital planning system'])).not.toBeNull();
    expect(fuzzyMatch('budget', ['Instruments', 'Digital planning system'])).toBeNull();
  });

  it('ranks word starts and the code’s own name above scattered letters', () => {
    const codes = codebook();
    // A name that starts with the query, then a word inside a name, then scattered letters.
    expect(paths(rankCodes(codes, 'plan', [])).slice(0, 2)).toEqual([
      'Capacity/Staff and skills/Planners',
      'Instruments/Digital planning system',
    ]);
    // "pilots" matches its own leaf best; "Planners" only scattered.
    expect(paths(rankCodes(codes, 'pilot', []))[0]).toBe('Instruments/Policy experimentation and pilots');
    expect(paths(rankCodes(codes, 'cap plan', []))[0]).toBe('Capacity/Staff and skills/Planners');
  });

  it('finds Chinese codes by one or two characters, and by their parent', () => {
    const codes = codebook();
    expect(paths(rankCodes(codes, '激励', []))).toEqual(['Incentives/晋升激励', 'Incentives/财政激励']);
    expect(paths(rankCodes(codes, '晋', []))).toEqual(['Incentives/晋升激励']);
    expect(paths(rankCodes(codes, 'inc 财', []))).toEqual(['Incentives/财政激励']);
  });

  it('lists the codes with number keys first when nothing is typed', () => {
    const codes = codebook();
    const recent = [codes[5], codes[8]];
    const ranked = rankCodes(codes, '', recent);
    expect(ranked.slice(0, 3).map((entry) => entry.code.id)).toEqual([codes[5].id, codes[8].id, codes[0].id]);
    expect(ranked).toHaveLength(codes.length);
  });

  it('names a code from its ancestors, keeping a slash inside a name a character', () => {
    const parent = makeCode({ name: 'Fiscal/tax', path: 'Fiscal\\/tax' });
    const child = makeCode({ name: 'VAT', parentId: parent.id, depth: 1 });
    expect(namesByCode([parent, child]).get(child.id)).toEqual(['Fiscal/tax', 'VAT']);
  });
});

describe('number keys follow the most recently used codes', () => {
  it('gives keys 1–9 to the codes used last, then to codebook order, skipping deleted codes', () => {
    const codes = codebook();
    expect(shortcutCodes(codes).map((code) => code.id)).toEqual(codes.slice(0, 9).map((code) => code.id));
    let recent: readonly CodeId[] = [];
    recent = withUse(recent, codes[8].id);
    recent = withUse(recent, codes[4].id);
    recent = withUse(recent, codes[8].id);
    const keys = shortcutCodes(codes, recent).map((code) => code.name);
    expect(keys.slice(0, 3)).toEqual(['Planners', '晋升激励', 'Instruments']);
    expect(new Set(keys).size).toBe(9);
    const deleted = 'no-longer-there' as CodeId;
    expect(shortcutCodes(codes, [deleted, codes[6].id])[0].name).toBe('Capacity');
  });

  it('remembers a bounded list, most recent first, each code once', () => {
    let recent: readonly CodeId[] = [];
    for (let index = 0; index < 50; index += 1) recent = withUse(recent, `code-${index % 40}` as CodeId);
    expect(recent.length).toBeLessThanOrEqual(30);
    expect(recent[0]).toBe('code-9');
    expect(new Set(recent).size).toBe(recent.length);
  });
});

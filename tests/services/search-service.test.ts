import { describe, expect, it } from 'vitest';
import { deleteSource, importFiles } from '../../electron/services/sources';
import { searchProject, snippetOf, trigramQuery, updateSearchIndex } from '../../electron/services/search';
import { undo } from '../../electron/store/changeLog';
import type { ProjectSession } from '../../electron/services/session';
import { addText, newTestProject } from '../support/project';
import type { SearchResult } from '../../shared/ipc/channels/search';

/** Every offset of `needle` in `text` found by plain indexOf, lower-casing both (the honest reference). */
function plainScan(text: string, needle: string): number[] {
  const haystack = text.toLowerCase();
  const wanted = needle.toLowerCase();
  const found: number[] = [];
  for (let at = haystack.indexOf(wanted); at >= 0; at = haystack.indexOf(wanted, at + wanted.length)) found.push(at);
  return found;
}

function hitsByName(result: SearchResult): Record<string, number[]> {
  return Object.fromEntries(result.sources.map((source) => [source.name, source.hits.map((hit) => hit.start)]));
}

function indexedIds(session: ProjectSession): string[] {
  return (
    session.db.prepare('SELECT source_id AS id FROM search_sources ORDER BY source_id').all() as { id: string }[]
  ).map((row) => row.id);
}

/** Documents the index itself says hold the trigram 数据平 (a contentless table cannot be read back). */
function indexedHolding(session: ProjectSession): number {
  return (
    session.db.prepare('SELECT count(*) AS n FROM search_text WHERE search_text MATCH \'"数据平"\'').get() as {
      n: number;
    }
  ).n;
}

const TEXTS: Record<string, string> = {
  zhejiang: '我们建设数据平台。数据共享很重要！\n\n基层干部说：“数据平台太多了。”',
  anhui: 'The Data Platform pilot began in 2021. DATA sharing followed; data, data everywhere.\n平台建设。',
  sichuan: '没有相关内容。Nothing about it here.',
  astral: '𠀀数据𠀀平台😀数据平台😀',
};

async function project(): Promise<ProjectSession> {
  const { session } = await newTestProject();
  for (const [name, text] of Object.entries(TEXTS)) await addText(session, name, text);
  return session;
}

describe('project-wide search', () => {
  it('finds a two-character Chinese word by scanning, with UTF-16 offsets and snippets', async () => {
    const session = await project();
    const result = searchProject(session, { query: '数据' });
    expect(result.method).toBe('scan');
    const expected = Object.fromEntries(
      Object.entries(TEXTS)
        .map(([name, text]) => [name, plainScan(text, '数据')] as const)
        .filter(([, offsets]) => offsets.length > 0),
    );
    expect(hitsByName(result)).toEqual(expected);
    expect(result.hitCount).toBe(Object.values(expected).flat().length);
    expect(result.sourceCount).toBe(2);
    // Above U+FFFF the offsets are UTF-16 units: 𠀀 is two of them.
    expect(hitsByName(result).astral).toEqual([2, 10]);
    const first = result.sources[0].hits[0];
    expect(first).toEqual({ start: 4, end: 6, before: '我们建设', match: '数据', after: '平台。数据共享很重要！' });
    // A snippet stays on its own line.
    const third = result.sources[0].hits[2];
    expect(third.before).toBe('基层干部说：“');
  });

  it('finds a one-character query too', async () => {
    const session = await project();
    const result = searchProject(session, { query: '台' });
    expect(result.method).toBe('scan');
    expect(result.hitCount).toBe(Object.values(TEXTS).reduce((sum, text) => sum + plainScan(text, '台').length, 0));
  });

  it('gives the same hits through the trigram index as a plain scan, ignoring the case of Latin letters', async () => {
    const session = await project();
    for (const query of ['数据平台', 'data platform', 'DATA', 'platform', '平台建设', '𠀀数据', '干部说：“数']) {
      const result = searchProject(session, { query });
      expect(result.method).toBe([...query].length >= 3 ? 'index' : 'scan');
      const expected = Object.fromEntries(
        Object.entries(TEXTS)
          .map(([name, text]) => [name, plainScan(text, query)] as const)
          .filter(([, offsets]) => offsets.length > 0),
      );
      expect(hitsByName(result), query).toEqual(expected);
    }
    const data = searchProject(session, { query: 'DATA' });
    expect(data.sources.find((source) => source.name === 'anhui')?.hits.map((hit) => hit.match)).toEqual([
      'Data',
      'DATA',
      'data',
      'data',
    ]);
  });

  it('indexes incrementally: a new source is found, a deleted one is dropped, an undone deletion comes back', async () => {
    const session = await project();
    expect(updateSearchIndex(session)).toMatchObject({ done: true, indexedSources: 4, totalSources: 4 });
    const before = indexedIds(session);
    expect(before).toHaveLength(4);
    expect(indexedHolding(session)).toBe(2);

    const added = await addText(session, 'guangdong', '数据平台的考核办法。');
    // Not indexed until the next search brings the index up to date.
    expect(indexedIds(session)).toHaveLength(4);
    expect(searchProject(session, { query: '数据平台' }).sources.map((source) => source.name)).toEqual([
      'zhejiang',
      'astral',
      'guangdong',
    ]);
    expect(indexedIds(session)).toContain(added.id);

    deleteSource(session, added.id);
    expect(searchProject(session, { query: '考核办法' }).hitCount).toBe(0);
    expect(indexedIds(session)).toEqual(before);
    expect(indexedHolding(session)).toBe(2);

    undo(session.db);
    expect(searchProject(session, { query: '考核办法' }).sources.map((source) => source.name)).toEqual(['guangdong']);
  });

  it('builds a large index in slices when given a time budget, and reports how far it is', async () => {
    const { session } = await newTestProject();
    const files = Array.from({ length: 30 }, (_, index) => ({
      name: `s${index}.txt`,
      data: new TextEncoder().encode(`第${index}份资料：数据平台建设。`.repeat(2000)),
    }));
    await importFiles(session, files, {});
    const states = [];
    for (let state = updateSearchIndex(session, 1); ; state = updateSearchIndex(session, 1)) {
      states.push(state);
      if (state.done) break;
    }
    expect(states.length).toBeGreaterThan(1);
    expect(states[0]).toMatchObject({ done: false, totalSources: 30 });
    expect(states[states.length - 1]).toMatchObject({ done: true, indexedSources: 30, totalSources: 30 });
    expect(states[states.length - 1].indexedCharacters).toBe(states[states.length - 1].totalCharacters);
    expect(searchProject(session, { query: '第29份' }).sourceCount).toBe(1);
    expect(searchProject(session, { query: '数据平台建设' }).hitCount).toBe(30 * 2000);
  });

  it('searches with a regular expression, case-insensitively, with ^ at line starts', async () => {
    const session = await project();
    const result = searchProject(session, { query: 'data\\s+\\w+', regex: true });
    expect(result.method).toBe('regex');
    expect(result.sources.map((source) => [source.name, source.hits.map((hit) => hit.match)])).toEqual([
      ['anhui', ['Data Platform', 'DATA sharing', 'data everywhere']],
    ]);
    expect(hitsByName(searchProject(session, { query: '^平台', regex: true }))).toEqual({
      anhui: [TEXTS.anhui.indexOf('平台')],
    });
    expect(searchProject(session, { query: '数据|平台', regex: true }).hitCount).toBe(
      Object.values(TEXTS).reduce(
        (sum, text) => sum + plainScan(text, '数据').length + plainScan(text, '平台').length,
        0,
      ),
    );
  });

  it('explains an invalid regular expression in a sentence', async () => {
    const session = await project();
    expect(() => searchProject(session, { query: '数据(平台', regex: true })).toThrow(
      /The regular expression "数据\(平台" cannot be read \(Unterminated group\)/,
    );
    // As plain text the same query is fine.
    expect(searchProject(session, { query: '数据(平台' }).hitCount).toBe(0);
  });

  it('caps the hits sent with snippets and says how many more there are', async () => {
    const { session } = await newTestProject();
    await addText(session, 'long', '数据。'.repeat(300));
    await addText(session, 'short', '数据。'.repeat(3));
    const result = searchProject(session, { query: '数据', limit: 52 });
    expect(result.hitCount).toBe(303);
    expect(result.sources.map((source) => [source.name, source.hitCount, source.hits.length])).toEqual([
      ['long', 300, 50],
      ['short', 3, 2],
    ]);
    expect(result.moreHits).toBe(303 - 52);
  });

  it('can be restricted to some sources', async () => {
    const session = await project();
    const anhui = session.db.prepare("SELECT id FROM sources WHERE name = 'anhui'").get() as { id: never };
    expect(
      searchProject(session, { query: '平台', sourceIds: [anhui.id] }).sources.map((source) => source.name),
    ).toEqual(['anhui']);
  });
});

describe('search helpers', () => {
  it('asks the index for the trigrams of a query, quoting double quotes', () => {
    expect(trigramQuery('数据平台')).toBe('"数据平" AND "据平台"');
    expect(trigramQuery('a"bc')).toBe('"a""b" AND """bc"');
    expect(trigramQuery('𠀀数据')).toBe('"𠀀数据"');
    // A long query asks for a spread of its trigrams, always the first and the last.
    const long = trigramQuery('abcdefghijklmnopqrstuvwxyz');
    expect(long.split(' AND ').length).toBeLessThanOrEqual(13);
    expect(long.startsWith('"abc"')).toBe(true);
    expect(long.endsWith('"xyz"')).toBe(true);
  });

  it('cuts snippets on whole characters and marks cuts with …', () => {
    const text = `${'𠀀'.repeat(30)}数据${'长'.repeat(100)}`;
    const hit = snippetOf(text, 60, 62);
    expect(hit.before.startsWith('…')).toBe(true);
    expect(hit.before.slice(1)).toBe('𠀀'.repeat(20));
    expect(hit.match).toBe('数据');
    expect(hit.after).toBe(`${'长'.repeat(60)}…`);
  });
});

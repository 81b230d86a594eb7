import { describe, expect, it } from 'vitest';
import type { ProjectInfo } from '../../shared/domain/types';
import type { WordfreqReport } from '../../shared/format/wordfreq';
import type { StopwordList } from '../../shared/ipc/channels/stopwords';
import { testBackend, valueOf as value } from '../support/backend';

describe('the stop-word channels through the contract', () => {
  it('read, replace and reset a project’s lists, and word frequency follows them', async () => {
    const b = testBackend();
    const events: string[] = [];
    b.onEvent((event) => {
      if (event.name === 'project:changed') events.push((event.payload as { what: string }).what);
    });
    const project = await value<ProjectInfo>(
      b.invoke('projects:create', { name: '停用词', template: 'empty', coderName: 'Ana' }),
    );
    // Intl.Segmenter splits the Chinese into 推进 数据 平台 建设 / 各 地区 加强 数据 共享 和 考核 工作;
    // 和 is a built-in stop word and 各 is shorter than the minimum length of 2.
    const text = '推进数据平台建设。各地区加强数据共享和考核工作。\n\nThe platform and the data platform.';
    await value(
      b.invoke('sources:import', { files: [{ name: 'one.txt', dataBase64: Buffer.from(text).toString('base64') }] }),
    );
    const counts = async (): Promise<Record<string, number>> => {
      const report = await value<WordfreqReport>(b.invoke('wordFrequencies:get', { kind: 'wordfreq' }));
      return Object.fromEntries(report.result.rows.map((row) => [row.word, row.total]));
    };

    const builtInZh = await value<StopwordList>(b.invoke('stopwords:get', { language: 'zh' }));
    expect(builtInZh.source).toBe('default');
    expect(builtInZh.words).toContain('和');
    expect(builtInZh.words).not.toContain('数据');
    const builtInEn = await value<StopwordList>(b.invoke('stopwords:get', { language: 'en' }));
    expect(builtInEn).toMatchObject({ language: 'en', source: 'default' });
    expect(builtInEn.words).toContain('the');
    // Built-in lists: 数据 ×2, platform ×2 (the, and are stop words); 和 and 各 are not counted.
    const before = await counts();
    expect(before).toMatchObject({ 数据: 2, 平台: 1, 考核: 1, platform: 2, data: 1 });
    expect(before).not.toHaveProperty('和');
    expect(before).not.toHaveProperty('the');

    events.length = 0;
    // Words are normalised as the service does (NFKC, lower case, no duplicates, blank lines dropped).
    const set = await value<StopwordList>(
      b.invoke('stopwords:set', {
        language: 'zh',
        words: [...builtInZh.words, '数据', ' 数据 ', '', 'ＰＬＡＴＦＯＲＭ'],
      }),
    );
    expect(set.source).toBe('project');
    expect(set.words).toEqual([...builtInZh.words, '数据', 'platform']);
    expect(events).toEqual(['project']);
    expect(await value<StopwordList>(b.invoke('stopwords:get', { language: 'zh' }))).toEqual(set);
    // English is untouched by a change to the Chinese list.
    expect(await value<StopwordList>(b.invoke('stopwords:get', { language: 'en' }))).toEqual(builtInEn);
    const after = await counts();
    expect(after).not.toHaveProperty('数据');
    expect(after).not.toHaveProperty('platform');
    expect(after).toMatchObject({ 平台: 1, 考核: 1, data: 1 });
    const report = await value<WordfreqReport>(b.invoke('wordFrequencies:get', { kind: 'wordfreq' }));
    expect(report.stopwords.zh.source).toBe('project');
    expect(report.about.find((entry) => entry.label === 'Stop words (Chinese)')?.value).toBe(
      `${set.words.length} words (the project's list)`,
    );

    // An empty English list counts every English word, the and and included.
    await value(b.invoke('stopwords:set', { language: 'en', words: [] }));
    expect(await counts()).toMatchObject({ the: 2, and: 1, data: 1 });

    // The lists live in the project file: they are there after closing and opening it again.
    await value(b.invoke('projects:close', {}));
    expect((await b.invoke('stopwords:get', { language: 'zh' })).ok).toBe(false);
    await value(b.invoke('projects:open', { path: project.path }));
    expect(await value<StopwordList>(b.invoke('stopwords:get', { language: 'zh' }))).toEqual(set);

    events.length = 0;
    const reset = await value<StopwordList>(b.invoke('stopwords:set', { language: 'zh', words: null }));
    expect(reset).toEqual(builtInZh);
    expect(events).toEqual(['project']);
    await value(b.invoke('stopwords:set', { language: 'en', words: null }));
    expect(await counts()).toEqual(before);
  });

  it('refuses an unknown language and lists beyond the bounds', async () => {
    const b = testBackend();
    await value(b.invoke('projects:create', { name: 'Bounds', template: 'empty', coderName: 'Ana' }));
    const refused = async (args: unknown): Promise<string> => {
      const result = await b.invoke('stopwords:set', args);
      expect(result.ok).toBe(false);
      return (result as { error: { code: string } }).error.code;
    };
    expect(await refused({ language: 'fr', words: ['le'] })).toBe('invalid-arguments');
    expect(await refused({ language: 'en', words: ['x'.repeat(201)] })).toBe('invalid-arguments');
    expect(await refused({ language: 'en', words: Array.from({ length: 20_001 }, (_, index) => `w${index}`) })).toBe(
      'invalid-arguments',
    );
    expect(await refused({ language: 'en' })).toBe('invalid-arguments');
    // At the bounds the list is taken.
    const longest = await value<StopwordList>(
      b.invoke('stopwords:set', {
        language: 'en',
        words: Array.from({ length: 20_000 }, (_, index) => `${'y'.repeat(190)}${index}`),
      }),
    );
    expect(longest.words).toHaveLength(20_000);
    expect((await value<StopwordList>(b.invoke('stopwords:get', { language: 'en' }))).source).toBe('project');
  });
});

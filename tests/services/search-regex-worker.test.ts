import { describe, expect, it } from 'vitest';
import {
  matchSources,
  matchSourcesOffThread,
  searchProject,
  searchProjectOffThread,
} from '../../electron/services/search';
import { REGEX_TOO_SLOW_MESSAGE } from '../../shared/ipc/channels/search';
import { addText, newTestProject } from '../support/project';

const TEXTS: Record<string, string> = {
  zhejiang: '我们建设数据平台。数据共享很重要！\n\n基层干部说：“数据平台太多了。”𠀀数据',
  anhui: 'The Data Platform pilot began in 2021. DATA sharing followed; data, data everywhere.\n平台建设。',
  sichuan: '没有相关内容。Nothing about it here.\n2019年 2020年 2021年',
};

/** Backtracks for hours on a run of a's that ends in something else (2^40 ways to split it). */
const RUNAWAY = '(a+)+$';
const RUN_OF_AS = `${'a'.repeat(40)}!`;

describe('regular-expression search off the backend thread', () => {
  it('finds exactly what matching in the calling thread finds', async () => {
    const { session } = await newTestProject({ codebook: 'empty' });
    for (const [name, text] of Object.entries(TEXTS)) await addText(session, name, text);
    for (const query of ['数据\\S', '^data|data$', '20\\d\\d年?', '平台', '.', 'x*', '\\p{Script=Han}+']) {
      const inThread = searchProject(session, { query, regex: true });
      const offThread = await searchProjectOffThread(session, { query, regex: true });
      expect(offThread, query).toEqual(inThread);
      const all = [...matchSources(session, { query, regex: true, ignoreCase: false })];
      expect(await matchSourcesOffThread(session, { query, regex: true, ignoreCase: false }), query).toEqual(all);
    }
    // A sanity check that the comparison above compares something.
    expect(searchProject(session, { query: '20\\d\\d年?', regex: true })).toMatchObject({
      hitCount: 4,
      sourceCount: 2,
    });
  });

  it('stops a runaway pattern after the time limit with a sentence saying how to fix it', async () => {
    const { session } = await newTestProject({ codebook: 'empty' });
    await addText(session, 'long', `Intro.\n${RUN_OF_AS}\n`);
    await addText(session, 'short', 'a b c');
    const stopped = searchProjectOffThread(session, { query: RUNAWAY, regex: true }, { timeLimitMs: 300 });
    await expect(stopped).rejects.toMatchObject({ code: 'invalid-arguments', message: REGEX_TOO_SLOW_MESSAGE });
    expect(REGEX_TOO_SLOW_MESSAGE).toMatch(/took too long.*\(a\+\)\+/);
    // The next search starts a fresh worker and works.
    const after = await searchProjectOffThread(session, { query: 'b|c', regex: true });
    expect(after).toMatchObject({ hitCount: 2, sourceCount: 1 });
  });

  it('stops the worker when a newer search replaces the running one', async () => {
    const { session } = await newTestProject({ codebook: 'empty' });
    await addText(session, 'long', RUN_OF_AS);
    const control = new AbortController();
    const replaced = searchProjectOffThread(session, { query: RUNAWAY, regex: true }, { signal: control.signal });
    control.abort();
    await expect(replaced).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('answers an unreadable pattern with its own sentence, not a time-out', async () => {
    const { session } = await newTestProject({ codebook: 'empty' });
    await addText(session, 'one', 'text');
    await expect(searchProjectOffThread(session, { query: '(数据', regex: true })).rejects.toMatchObject({
      code: 'invalid-arguments',
      message: expect.stringMatching(/cannot be read/),
    });
  });

  it('without a worker, matches in this thread with the same limit, letting other work run between sources', async () => {
    const { session } = await newTestProject({ codebook: 'empty' });
    for (const [name, text] of Object.entries(TEXTS)) await addText(session, name, text);
    const query = '数据\\S|20\\d\\d';
    expect(await searchProjectOffThread(session, { query, regex: true }, { inThread: true })).toEqual(
      searchProject(session, { query, regex: true }),
    );
    // Each source takes a moment ((a+)+$ on 22 a's, millions of steps); the limit is checked between them.
    for (let index = 0; index < 30; index += 1) await addText(session, `slow${index}`, `${index}\n${'a'.repeat(22)}!`);
    let otherWorkRan = false;
    setImmediate(() => {
      otherWorkRan = true;
    });
    await expect(
      searchProjectOffThread(session, { query: RUNAWAY, regex: true }, { inThread: true, timeLimitMs: 100 }),
    ).rejects.toMatchObject({ message: REGEX_TOO_SLOW_MESSAGE });
    expect(otherWorkRan).toBe(true);
  });
});

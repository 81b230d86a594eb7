import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blankPage, eventually, holdFirstCall, launchBrowser } from './support/browser';
import { readCrosstab } from './support/frequencies';
import { assertBuilt, makeHome, runCli, startServer, type RunningServer } from './support/server';

// The Analysis tab can be opened before the project's attributes have loaded (a slow machine).
// Its crosstab must then be by the attribute the study has, once it is known, not by the
// province a study without attributes would get.

describe('Analysis opened before the attributes have loaded', () => {
  let browser: Browser;
  let server: RunningServer;
  let home: ReturnType<typeof makeHome>;

  beforeAll(async () => {
    assertBuilt();
    home = makeHome();
    const project = join(home.home, 'study.marginalia');
    await runCli(['new', project, '--codebook', 'digital-governance'], home.home);
    for (const [name, city] of [
      ['a', 'Chengdu'],
      ['b', 'Wuhan'],
    ]) {
      const path = join(home.home, `${name}.txt`);
      writeFileSync(path, `Interview ${name}: the county launched a digital platform for permits.`, 'utf8');
      await runCli(['import', project, path, '--attr', `city=${city}`], home.home);
    }
    server = await startServer(home.home, project);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    home?.remove();
  });

  it('makes the crosstab by the study’s attribute once the attributes arrive', async () => {
    const { page, errors, close } = await blankPage(browser);
    // Hold the workspace's first list of attributes until the Analysis tab is open.
    const held = await holdFirstCall(page, 'attributes:list');
    await page.goto(server.url);
    await page.getByRole('tab', { name: 'Analysis', exact: true }).click();
    const columns = page.getByLabel('Columns: attribute');
    await columns.waitFor();
    await eventually(() => held.calls()).toBe(1);
    held.release();

    await eventually(() => columns.inputValue()).toBe('city');
    await eventually(() => readCrosstab(page)).toEqual(
      expect.objectContaining({ by: 'city', columns: expect.arrayContaining(['Chengdu', 'Wuhan']) }),
    );
    expect(errors).toEqual([]);
    await close();
  });
});

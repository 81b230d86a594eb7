import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Code, SourceDetail } from '../../shared/domain/types';
import { attributeOfAll, dragSelect, eventually, inPage, saveScreenshot } from './support/browser';
import { startJourney, type Journey } from './support/journey';
import { callApi } from './support/server';

// Rearranging a codebook: Alt+arrow keys reorder, nest and un-nest; codes are dragged onto
// codes and between them; a move into a code's own sub-code is refused with a sentence;
// a passage dragged from the document onto a code codes it; the codebook is exported and
// imported (with a preview) — in English and in Chinese.

const TEXT =
  '访谈记录：浙江省某县\n答：县里要求各部门三年内完成数字化改造，年底按进度排名。\n答：资金主要来自省级专项。';

const IMPORT_CSV = [
  'path,description,colour',
  'Instruments > Pilots,Schemes the province designates,',
  '资金来源 > 省级专项,省里下拨的专项资金,#009e73',
  '资金来源 > 县级配套,,',
].join('\r\n');

describe('moving codes by keyboard and by drag', () => {
  let journey: Journey;
  let page: Page;

  const tree = (): Locator => page.getByRole('tree', { name: /Codebook|编码本/ });
  const row = (name: string): Locator => tree().getByRole('treeitem', { name, exact: true });
  const paths = async (): Promise<string[]> =>
    (await callApi<Code[]>(journey.server, 'codes:list')).map((code) => code.path);
  const focusedName = (): Promise<string | null> =>
    page.evaluate('document.activeElement && document.activeElement.getAttribute("aria-label")') as Promise<
      string | null
    >;
  const notices = (): Promise<string[]> => page.locator('.notice-text').allTextContents();

  /** Drags one row onto another with the mouse: the middle of the target nests, its top edge reorders. */
  async function dragRow(from: string, to: string, where: 'middle' | 'top'): Promise<void> {
    const source = await row(from).boundingBox();
    const target = await row(to).boundingBox();
    if (!source || !target) throw new Error('rows not on screen');
    await page.mouse.move(source.x + 60, source.y + source.height / 2);
    await page.mouse.down();
    await page.mouse.move(source.x + 70, source.y + source.height / 2 + 6, { steps: 3 });
    const y = where === 'middle' ? target.y + target.height / 2 : target.y + 2;
    await page.mouse.move(target.x + 70, y, { steps: 6 });
    await page.mouse.up();
  }

  beforeAll(async () => {
    journey = await startJourney({ codebook: 'empty', files: { county: { text: TEXT, province: 'Zhejiang' } } });
    page = journey.page;
    const instruments = await callApi<Code>(journey.server, 'codes:create', { parentId: null, name: 'Instruments' });
    await callApi(journey.server, 'codes:create', { parentId: instruments.id, name: 'Pilots' });
    await callApi(journey.server, 'codes:create', { parentId: null, name: 'Incentives' });
    await callApi(journey.server, 'codes:create', { parentId: null, name: '资金来源' });
    // The page may have opened before these codes and missed their change events (its event
    // stream connects a moment after the page loads): open the project again.
    await page.reload();
    await page.locator('.doc-text', { hasText: '资金' }).waitFor();
    await row('资金来源').waitFor();
  });

  afterAll(async () => {
    await journey?.end();
  });

  it('reorders with Alt+↑/↓, nests with Alt+→, moves out with Alt+←, the focus staying on the code', async () => {
    const visibleNames = (): Promise<(string | null)[]> => attributeOfAll(tree().getByRole('treeitem'), 'aria-label');
    /** The key is pressed on the focused code; the backend, the tree and the focus all follow. */
    const press = async (key: string, expected: string[]): Promise<void> => {
      await eventually(focusedName).toBe('资金来源');
      await page.keyboard.press(key);
      await eventually(paths).toEqual(expected);
      await eventually(visibleNames).toEqual(expected.map((path) => path.split('/').pop()));
      await eventually(focusedName).toBe('资金来源');
    };
    await row('资金来源').focus();
    await press('Alt+ArrowUp', ['Instruments', 'Instruments/Pilots', '资金来源', 'Incentives']);
    // Under the code above it, as its last sub-code.
    await press('Alt+ArrowRight', ['Instruments', 'Instruments/Pilots', 'Instruments/资金来源', 'Incentives']);
    await eventually(() => row('资金来源').getAttribute('aria-level')).toBe('2');
    await press('Alt+ArrowUp', ['Instruments', 'Instruments/资金来源', 'Instruments/Pilots', 'Incentives']);
    // First among its siblings: nothing above it to go under, and it says so.
    await page.keyboard.press('Alt+ArrowRight');
    await eventually(notices).toContain('“资金来源” has no code above it at its level to go under.');
    await press('Alt+ArrowLeft', ['Instruments', 'Instruments/Pilots', '资金来源', 'Incentives']);
    // Each move is one undo step.
    await page.keyboard.press('Control+z');
    await eventually(paths).toEqual(['Instruments', 'Instruments/资金来源', 'Instruments/Pilots', 'Incentives']);
    await page.keyboard.press('Control+z');
    await eventually(paths).toEqual(['Instruments', 'Instruments/Pilots', 'Instruments/资金来源', 'Incentives']);
    await eventually(visibleNames).toEqual(['Instruments', 'Pilots', '资金来源', 'Incentives']);
  });

  it('nests a code by dropping it on another, and reorders by dropping it on a row’s edge', async () => {
    await dragRow('Incentives', 'Pilots', 'middle');
    await eventually(paths).toEqual([
      'Instruments',
      'Instruments/Pilots',
      'Instruments/Pilots/Incentives',
      'Instruments/资金来源',
    ]);
    // The backend has it; the next drag must also wait for the tree to be redrawn, or it grabs
    // whichever row is where 资金来源 was (on a loaded machine, Incentives).
    await eventually(() => tree().getByRole('treeitem').last().getAttribute('aria-label')).toBe('资金来源');
    await dragRow('资金来源', 'Instruments', 'top');
    await eventually(paths).toEqual(['资金来源', 'Instruments', 'Instruments/Pilots', 'Instruments/Pilots/Incentives']);
  });

  it('refuses to move a code into its own sub-code, saying why', async () => {
    await dragRow('Instruments', 'Incentives', 'middle');
    await eventually(notices).toContain(
      '"Instruments" cannot be moved under "Incentives": that is one of its own sub-codes.',
    );
    expect(await paths()).toEqual(['资金来源', 'Instruments', 'Instruments/Pilots', 'Instruments/Pilots/Incentives']);
  });

  it('codes a passage dragged from the document onto a code', async () => {
    const range = await dragSelect(page, '.doc-text', '资金主要来自省级专项');
    const plan = await inPage<{ x: number; y: number }>(
      page,
      `() => { const r = window.getSelection().getRangeAt(0).getClientRects()[0]; return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; }`,
      null,
    );
    const target = await row('资金来源').boundingBox();
    if (!target) throw new Error('row not on screen');
    await page.mouse.move(plan.x, plan.y);
    await page.mouse.down();
    await page.mouse.move(plan.x - 40, plan.y + 10, { steps: 4 });
    await page.mouse.move(target.x + 80, target.y + target.height / 2, { steps: 8 });
    await page.mouse.up();
    const code = (await callApi<Code[]>(journey.server, 'codes:list')).find((entry) => entry.name === '资金来源');
    await eventually(() => page.locator(`.stripe[data-code-id="${code?.id}"]`).count()).toBe(1);
    const sources = await callApi<{ id: string }[]>(journey.server, 'sources:list');
    const detail = await callApi<SourceDetail>(journey.server, 'sources:get', { sourceId: sources[0].id });
    expect(detail.codings.map((coding) => [coding.codeId, coding.start, coding.end])).toEqual([
      [code?.id, range.start, range.end],
    ]);
    await eventually(() => row('资金来源').locator('.code-count').textContent()).toBe('1');
  });

  const importFile = (page: Page) =>
    page
      .locator('input[type="file"]')
      .and(page.locator('[aria-label*="CSV"]'))
      .setInputFiles({
        name: '编码本.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(IMPORT_CSV, 'utf8'),
      });

  it('imports a codebook after a preview, as one undo step', async () => {
    await importFile(page);
    const dialog = page.getByRole('dialog', { name: 'Import codebook from “编码本.csv”' });
    await dialog.waitFor();
    expect(await dialog.locator('p').first().textContent()).toBe(
      '2 codes to add, 1 to update, 0 already as the file has them.',
    );
    expect(await dialog.locator('tbody tr').allTextContents()).toEqual([
      'Update descriptionInstruments / PilotsSchemes the province designates',
      'Add资金来源 / 省级专项省里下拨的专项资金',
      'Add资金来源 / 县级配套',
    ]);
    await saveScreenshot(page, 'codebook-import-preview.png');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await eventually(paths).toContain('资金来源/县级配套');
    await row('省级专项').waitFor();
    await page.keyboard.press('Control+z');
    await eventually(paths).toEqual(['资金来源', 'Instruments', 'Instruments/Pilots', 'Instruments/Pilots/Incentives']);
    const pilots = (await callApi<Code[]>(journey.server, 'codes:list')).find((code) => code.name === 'Pilots');
    expect(pilots?.description).toBe('');
  });

  it('describes a code in rich text (Alt+Enter), kept as Markdown', async () => {
    await row('Instruments').focus();
    await page.keyboard.press('Alt+Enter');
    const dialog = page.getByRole('dialog', { name: 'Description of “Instruments”' });
    await dialog.waitFor();
    await page.keyboard.type('Policy tools the ');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('county');
    await page.keyboard.press('Control+b');
    await page.keyboard.type(' government uses.');
    await saveScreenshot(page, 'codebook-describe.png');
    await page.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });
    const description = async (): Promise<string | undefined> =>
      (await callApi<Code[]>(journey.server, 'codes:list')).find((code) => code.name === 'Instruments')?.description;
    await eventually(description).toBe('Policy tools the **county** government uses.');
    await eventually(() => row('Instruments').getAttribute('aria-description')).toBe(
      'Policy tools the county government uses.',
    );
  });

  it('exports the codebook as CSV and as Markdown from the menu', async () => {
    await page.getByRole('button', { name: 'More' }).click();
    const csvDownload = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: 'Export codebook as CSV' }).click();
    const csv = readFileSync((await (await csvDownload).path()) as string, 'utf8');
    expect(csv).toBe(
      `\uFEFFpath,description,colour\r\n${(await callApi<Code[]>(journey.server, 'codes:list'))
        .map((code) => `${code.path},${code.description},${code.color}`)
        .join('\r\n')}\r\n`,
    );
    expect(csv).toContain('\r\nInstruments,Policy tools the **county** government uses.,#');
    await row('Instruments').click({ button: 'right' });
    const mdDownload = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: 'Export codebook as Markdown' }).click();
    const markdown = readFileSync((await (await mdDownload).path()) as string, 'utf8');
    expect(markdown).toContain('\n- Instruments `');
    expect(markdown).toContain('\n  > Policy tools the **county** government uses.\n');
    expect(markdown).toContain('\n  - Pilots `');
    expect(markdown).toContain('\n    - Incentives `');
  });

  it('lists its keys from the menu, opened with Shift+F10 on a code', async () => {
    await row('Pilots').focus();
    await page.keyboard.press('Shift+F10');
    const menu = page.getByRole('menu', { name: 'Codebook actions' });
    await menu.waitFor();
    expect(await menu.getByRole('menuitem').first().textContent()).toBe('Describe…Alt+Enter');
    await saveScreenshot(page, 'codebook-menu.png');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    const keys = page.getByRole('dialog', { name: 'Codebook keys' });
    await keys.waitFor();
    expect(await keys.locator('dd').count()).toBe(14);
    await page.keyboard.press('Escape');
    await keys.waitFor({ state: 'detached' });
    // Memo… opens the code's memo (the memos feature's dialog).
    await row('Pilots').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Memo…' }).click();
    const memo = page.getByRole('dialog', { name: /Memo on code .*Pilots/ });
    await memo.waitFor();
    await page.keyboard.press('Escape');
    await memo.waitFor({ state: 'detached' });
  });

  it('shows the codebook, the import preview and the merge confirmation in Chinese', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('radio', { name: '简体中文' }).click();
    await page.getByRole('button', { name: '设置', exact: true }).click();
    await eventually(() => page.locator('.codebook-columns').textContent()).toBe('编码资料');
    await saveScreenshot(page, 'codebook-counts-zh-CN.png');

    await importFile(page);
    const preview = page.getByRole('dialog', { name: '从“编码本.csv”导入编码本' });
    await preview.waitFor();
    expect(await preview.locator('p').first().textContent()).toBe('将新增 2 个代码，更新 1 个，0 个与文件一致。');
    await saveScreenshot(page, 'codebook-import-preview-zh-CN.png');
    await preview.getByRole('button', { name: '取消' }).click();

    await row('Pilots').click();
    await page.keyboard.press('Alt+m');
    await page.getByRole('dialog', { name: '将“Instruments/Pilots”合并到…' }).waitFor();
    await page.keyboard.type('资金');
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('alertdialog', { name: '将“Instruments/Pilots”合并到“资金来源”？' });
    await confirm.waitFor();
    expect(await confirm.locator('.dialog-body p').allTextContents()).toEqual([
      '0 处编码将移到“资金来源”。',
      '1 个子代码将移到“资金来源”下。',
      '随后删除“Pilots”。按 Ctrl+Z 可撤销整个合并。',
    ]);
    await saveScreenshot(page, 'codebook-merge-confirm-zh-CN.png');
    await confirm.getByRole('button', { name: '取消' }).click();
    expect(journey.pageErrors).toEqual([]);
  });
});

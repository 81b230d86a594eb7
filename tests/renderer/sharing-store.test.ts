import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppStore } from '../../renderer/store';
import { DIGITAL, storeOn, twoCoders, upload } from './sharing-fixture';

/*
 * The sharing slice against a real backend and real project files: a blind copy made from my
 * project, coded by Ben, merged through the preview; agreement queries; a new project from a
 * .qdpx on the start screen. Nothing is faked but the window.
 */

const codingCount = (store: AppStore): number => store.getState().sources.reduce((sum, source) => sum + source.codingCount, 0);

describe('sharing in the renderer store', () => {
  it('previews a colleague’s copy without writing, applies it as one undo step, and adds nothing the second time', async () => {
    const fixture = await twoCoders();
    const { store } = await storeOn(fixture.mine);
    expect(codingCount(store)).toBe(2);

    store.getState().openMergeDialog();
    expect(store.getState().mergePhase).toBe('choose');
    expect(await store.getState().previewMerge(upload(fixture.theirs))).toBe(true);
    const preview = store.getState().mergePreview;
    expect(store.getState().mergePhase).toBe('preview');
    expect(preview?.add.codings.total).toBe(2);
    expect(preview?.add.coders.map((coder) => coder.name)).toEqual(['Ben']);
    expect(preview?.matched.sourcesById).toBe(1);
    await store.getState().loadSources();
    expect(codingCount(store)).toBe(2);

    expect(await store.getState().applyMerge()).toBe(true);
    expect(store.getState().mergePhase).toBe('applied');
    expect(codingCount(store)).toBe(4);
    expect(store.getState().coders.map((coder) => coder.name).sort()).toEqual(['Ana', 'Ben']);

    await store.getState().undoMerge();
    expect(store.getState().mergePhase).toBe('closed');
    expect(codingCount(store)).toBe(2);

    store.getState().openMergeDialog();
    await store.getState().previewMerge(upload(fixture.theirs));
    expect(store.getState().mergePreview?.add.codings.total).toBe(2);
    await store.getState().applyMerge();
    expect(codingCount(store)).toBe(4);

    store.getState().openMergeDialog();
    await store.getState().previewMerge(upload(fixture.theirs));
    expect(store.getState().mergePreview?.nothingToAdd).toBe(true);
    expect(store.getState().mergePreview?.matched.codings).toBe(2);
    // Nothing to apply: the merge is refused by the slice, not sent.
    store.getState().closeMergeDialog();
    expect(await store.getState().applyMerge()).toBe(false);
  });

  it('goes back to choosing a file when theirs is refused, with the backend’s sentence shown', async () => {
    const fixture = await twoCoders();
    const { store } = await storeOn(fixture.mine);
    store.getState().openMergeDialog();
    const codebook = join(fixture.dir, 'codes.qdc');
    const { store: other } = await storeOn(fixture.theirs);
    const exported = await other.getState().exportExchange({ format: 'qdc', withoutCoders: [], codesOnly: false });
    writeFileSync(codebook, Buffer.from(exported?.dataBase64 ?? '', 'base64'));
    expect(await store.getState().previewMerge(upload(codebook))).toBe(false);
    expect(store.getState().mergePhase).toBe('choose');
    expect(store.getState().notices.at(-1)?.message).toMatch(/marginalia import/);
  });

  it('exports a blind copy without the chosen coders, and a codebook without options it cannot take', async () => {
    const fixture = await twoCoders();
    const { store, calls } = await storeOn(fixture.mine);
    store.getState().openExportDialog();
    const blind = await store.getState().exportExchange({ format: 'qdpx', withoutCoders: ['Ana'], codesOnly: false });
    expect(blind?.fileName.endsWith('.qdpx')).toBe(true);
    expect(blind?.counts.codings).toBe(0);
    expect(blind?.report.join('\n')).toContain('Left out for a blind copy: 2 codings and 0 memos of Ana.');
    expect(store.getState().exportOutcome?.fileName).toBe(blind?.fileName);

    const whole = await store.getState().exportExchange({ format: 'qdpx', withoutCoders: [], codesOnly: false });
    expect(whole?.counts.codings).toBe(2);
    const codebook = await store.getState().exportExchange({ format: 'qdc', withoutCoders: ['Ana'], codesOnly: true });
    expect(codebook?.fileName.endsWith('.qdc')).toBe(true);
    expect(calls.filter((call) => call.channel === 'projects:export').map((call) => call.args)).toEqual([
      { format: 'qdpx', withoutCoders: ['Ana'] },
      { format: 'qdpx' },
      { format: 'qdc' },
    ]);
  });

  it('asks for agreement only with two coders, sends the overlap only for segments, and opens a disagreement', async () => {
    const fixture = await twoCoders();
    const { store, calls } = await storeOn(fixture.mine);
    store.getState().openMergeDialog();
    await store.getState().previewMerge(upload(fixture.theirs));
    await store.getState().applyMerge();

    store.getState().setAgreementOptions({ coders: ['Ana'] });
    await store.getState().loadAgreement();
    expect(store.getState().agreementReport).toBeNull();
    expect(calls.some((call) => call.channel === 'agreement:get')).toBe(false);

    store.getState().setAgreementOptions({ coders: ['Ana', 'Ben'] });
    await store.getState().loadAgreement();
    const report = store.getState().agreementReport;
    expect(report?.coders).toEqual(['Ana', 'Ben']);
    // Digital planning system in "a" (84 characters): Ana 11–50, Ben 22–50 → both 28, only Ana 11, neither 45.
    const digital = report?.codes.find((row) => row.codePath === DIGITAL);
    expect(digital?.table).toEqual({ kind: 'pair', cells: [[28, 11], [0, 45]] });

    store.getState().setAgreementOptions({ unit: 'segment', overlap: 0.5 });
    await store.getState().loadAgreement();
    store.getState().setAgreementOptions({ unit: 'document' });
    await store.getState().loadAgreement();
    const asked = calls.filter((call) => call.channel === 'agreement:get').map((call) => call.args as Record<string, unknown>);
    expect(asked.some((args) => args.unit === 'segment' && args.overlap === 0.5)).toBe(true);
    expect(asked.filter((args) => args.unit !== 'segment').every((args) => !('overlap' in args))).toBe(true);
    // With a 50 % overlap, Ben's 22–50 matches Ana's 11–50 (28 of 39 characters).
    expect(
      store.getState().agreementReport?.codes.find((row) => row.codePath === DIGITAL)?.percentAgreement,
    ).toBe(1);

    store.getState().setAgreementOptions({ unit: 'character' });
    await store.getState().loadAgreement();
    const cell = store.getState().agreementReport?.codes.find((row) => row.codePath === DIGITAL)?.sources[0];
    const disagreement = cell?.disagreements[0];
    expect(disagreement).toEqual({ start: 11, end: 22, codedBy: ['Ana'] });
    store.getState().setView('agreement');
    await store.getState().openDisagreement(digital?.codeId ?? '', cell?.sourceId ?? '', disagreement ?? { start: 0, end: 0 });
    const state = store.getState();
    expect(state.view).toBe('document');
    expect(state.openSourceId).toBe(cell?.sourceId);
    expect(state.selectionRequest?.range).toEqual({ start: 11, end: 22 });
    expect(state.agreementOpened).toEqual({ codeId: digital?.codeId, sourceId: cell?.sourceId, start: 11, end: 22 });
  });

  it('makes a new project from a .qdpx and shows its report after every feature’s state was reset', async () => {
    const fixture = await twoCoders();
    const { store } = await storeOn(null);
    expect(store.getState().phase).toBe('start');
    expect(await store.getState().createProjectFromExchange(upload(fixture.blind))).toBe(true);
    const state = store.getState();
    expect(state.phase).toBe('workspace');
    expect(state.exchangeImport?.fileName).toBe('blind.qdpx');
    expect(state.exchangeImport?.imported).toMatchObject({ sources: 1, codings: 0 });
    expect(state.sources.map((source) => source.name)).toEqual(['a']);
    await store.getState().closeProject();
    expect(store.getState().exchangeImport).toBeNull();
  });
});

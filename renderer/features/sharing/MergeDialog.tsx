import { useRef, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { MergeConflict, MergePreview } from '../../../shared/domain/types';
import { t, tn } from '../../i18n';
import { bytesToBase64 } from '../../lib/files';
import { useAppStore } from '../../store';
import { SharingDialog } from './SharingDialog';

/** How many names of one kind the preview lists before "… and n more". */
const LIST_LIMIT = 12;

/** Their file as bytes for `merges:preview` (the renderer never sends a path). */
async function readUpload(file: File): Promise<{ fileName: string; dataBase64: string }> {
  return { fileName: file.name, dataBase64: bytesToBase64(new Uint8Array(await file.arrayBuffer())) };
}

/** A conflict in plain words, from its fields (the backend's own sentence is English only). */
export function conflictSentence(conflict: MergeConflict): string {
  switch (conflict.kind) {
    case 'source-text-differs':
      return t('sharing.merge.conflict.textDiffers', {
        source: conflict.source,
        theirs: conflict.theirs,
        count: conflict.codings,
      });
    case 'attribute-value':
      return t('sharing.merge.conflict.attributeValue', {
        source: conflict.source,
        attribute: conflict.attribute,
        mine: conflict.mine,
        theirs: conflict.theirs,
      });
    case 'attribute-type':
      return t('sharing.merge.conflict.attributeType', {
        attribute: conflict.attribute,
        mine: conflict.mine,
        theirs: conflict.theirs,
      });
    case 'code-renamed':
      return t('sharing.merge.conflict.codeRenamed', { mine: conflict.mine, theirs: conflict.theirs });
    case 'memo-differs':
      return t('sharing.merge.conflict.memoDiffers', { title: conflict.title });
    default:
      return (conflict as { message: string }).message;
  }
}

/** A heading and a short list, at most LIST_LIMIT entries. */
function Section({ title, items, kind }: Readonly<{ title: string; items: readonly ReactNode[]; kind: string }>) {
  if (items.length === 0) return null;
  const shown = items.slice(0, LIST_LIMIT);
  return (
    <div className="merge-section" data-section={kind}>
      <h4 className="merge-section-title">
        {title} <span className="count">{items.length}</span>
      </h4>
      <ul className="sharing-lines">
        {shown.map((item, index) => (
          <li key={index}>{item}</li>
        ))}
        {items.length > shown.length && (
          <li className="muted">{t('sharing.merge.more', { count: items.length - shown.length })}</li>
        )}
      </ul>
    </div>
  );
}

/** What a merge adds (the preview before, the same shape after). */
function AddedSections({ preview }: Readonly<{ preview: MergePreview }>) {
  const { add } = preview;
  return (
    <>
      <Section kind="coders" title={t('sharing.merge.coders')} items={add.coders.map((coder) => coder.name)} />
      <Section
        kind="codes"
        title={t('sharing.merge.codes')}
        items={add.codes.map((code) => (
          <span className="merge-code">
            <span className="swatch" style={{ background: code.color }} aria-hidden="true" />
            {code.path}
          </span>
        ))}
      />
      <Section
        kind="sources"
        title={t('sharing.merge.sources')}
        items={add.sources.map((source) => (
          <span>
            {source.name} <span className="muted">· {t('sharing.merge.sourceLength', { count: source.length })}</span>
          </span>
        ))}
      />
      <Section
        kind="attributes"
        title={t('sharing.merge.attributes')}
        items={add.attributes.map((attribute) => `${attribute.name} (${attribute.type})`)}
      />
      <Section
        kind="values"
        title={t('sharing.merge.values')}
        items={add.attributeValues.map((value) => `${value.source}: ${value.attribute} = ${value.value}`)}
      />
      {add.codings.total > 0 && (
        <div className="merge-section" data-section="codings">
          <h4 className="merge-section-title">
            {t('sharing.merge.codings')} <span className="count">{add.codings.total}</span>
          </h4>
          <div className="merge-columns">
            <div>
              <p className="muted small">{t('sharing.merge.byCoder')}</p>
              <ul className="sharing-lines">
                {add.codings.byCoder.map((entry) => (
                  <li key={entry.name}>
                    {entry.name} <span className="muted">{entry.count}</span>
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <p className="muted small">{t('sharing.merge.byCode')}</p>
              <ul className="sharing-lines">
                {add.codings.byCode.slice(0, LIST_LIMIT).map((entry) => (
                  <li key={entry.name}>
                    {entry.name} <span className="muted">{entry.count}</span>
                  </li>
                ))}
                {add.codings.byCode.length > LIST_LIMIT && (
                  <li className="muted">{t('sharing.merge.more', { count: add.codings.byCode.length - LIST_LIMIT })}</li>
                )}
              </ul>
            </div>
          </div>
        </div>
      )}
      <Section
        kind="memos"
        title={t('sharing.merge.memos')}
        items={add.memos.map((memo) => t('sharing.merge.memoAbout', { title: memo.title, about: memo.about }))}
      />
    </>
  );
}

/** One line of totals, for the heading of what is (or was) added. */
function totals(preview: MergePreview): string {
  const { add } = preview;
  const parts = [
    add.codings.total > 0 ? tn('sharing.count.codings', add.codings.total) : null,
    add.codes.length > 0 ? tn('sharing.count.codes', add.codes.length) : null,
    add.sources.length > 0 ? tn('sharing.count.sources', add.sources.length) : null,
    add.coders.length > 0 ? tn('sharing.count.coders', add.coders.length) : null,
    add.attributes.length > 0 ? tn('sharing.count.attributes', add.attributes.length) : null,
    add.attributeValues.length > 0 ? tn('sharing.count.values', add.attributeValues.length) : null,
    add.memos.length > 0 ? tn('sharing.count.memos', add.memos.length) : null,
  ].filter((part): part is string => part !== null);
  return parts.join(' · ');
}

/** Matched, conflicts, left out and the reader's report: the same before and after. */
function Details({ preview }: Readonly<{ preview: MergePreview }>) {
  const { matched } = preview;
  return (
    <>
      {preview.conflicts.length > 0 && (
        <div className="merge-section merge-conflicts" data-section="conflicts">
          <h4 className="merge-section-title">
            {t('sharing.merge.conflicts')} <span className="count">{preview.conflicts.length}</span>
          </h4>
          <ul className="sharing-lines">
            {preview.conflicts.map((conflict, index) => (
              <li key={index} data-conflict={conflict.kind}>
                {conflictSentence(conflict)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <Section kind="skipped" title={t('sharing.merge.skipped')} items={preview.skipped} />
      <Section kind="report" title={t('sharing.merge.report')} items={preview.report} />
      <div className="merge-section" data-section="matched">
        <h4 className="merge-section-title">{t('sharing.merge.matched')}</h4>
        <ul className="sharing-lines muted">
          <li>
            {t('sharing.merge.matchedSources', { byId: matched.sourcesById, byText: matched.sourcesByText })}
          </li>
          <li>{t('sharing.merge.matchedCodes', { byId: matched.codesById, byPath: matched.codesByPath })}</li>
          <li>{t('sharing.merge.matchedCodings', { count: matched.codings })}</li>
          <li>{t('sharing.merge.matchedMemos', { count: matched.memos })}</li>
        </ul>
      </div>
    </>
  );
}

/**
 * Merge a colleague's work: choose their file, see everything the merge would add and every
 * conflict before anything is written, then apply it as one undoable step (or cancel).
 */
export function MergeDialog() {
  const { phase, file, preview } = useAppStore(
    useShallow((state) => ({ phase: state.mergePhase, file: state.mergeFile, preview: state.mergePreview })),
  );
  const { close, previewMerge, applyMerge, undoMerge, openMergeDialog } = useAppStore(
    useShallow((state) => ({
      close: state.closeMergeDialog,
      previewMerge: state.previewMerge,
      applyMerge: state.applyMerge,
      undoMerge: state.undoMerge,
      openMergeDialog: state.openMergeDialog,
    })),
  );
  const inputRef = useRef<HTMLInputElement>(null);
  const busy = phase === 'reading' || phase === 'applying';
  const fileName = file?.fileName ?? '';

  const picker = (
    <input
      ref={inputRef}
      id="merge-file"
      type="file"
      className="visually-hidden"
      tabIndex={-1}
      accept=".marginalia,.qdpx,.qde"
      aria-label={t('sharing.merge.choose')}
      onChange={(event) => {
        const chosen = event.target.files?.[0];
        event.target.value = '';
        if (chosen) void readUpload(chosen).then((upload) => previewMerge(upload));
      }}
    />
  );

  if (phase === 'choose' || phase === 'reading') {
    return (
      <SharingDialog
        title={t('sharing.merge.title')}
        onClose={close}
        busy={busy}
        actions={
          <>
            <button type="button" className="button" onClick={close} disabled={busy}>
              {t('sharing.merge.cancel')}
            </button>
            <button
              type="button"
              className="button primary"
              disabled={busy}
              onClick={() => inputRef.current?.click()}
            >
              {t('sharing.merge.choose')}
            </button>
          </>
        }
      >
        {picker}
        <p>{t('sharing.merge.intro')}</p>
        <p className="muted small">{t('sharing.merge.rules')}</p>
        {phase === 'reading' && (
          <p className="sharing-progress" role="status">
            {t('sharing.merge.reading', { file: fileName })}
          </p>
        )}
      </SharingDialog>
    );
  }

  if (!preview) return null;

  if (phase === 'applied') {
    const added = totals(preview);
    return (
      <SharingDialog
        title={t('sharing.merge.done', { file: preview.file })}
        onClose={close}
        actions={
          <>
            <button type="button" className="button" onClick={() => void undoMerge()} disabled={preview.nothingToAdd}>
              {t('sharing.merge.undo')}
            </button>
            <button type="button" className="button" onClick={openMergeDialog}>
              {t('sharing.merge.another')}
            </button>
            <button type="button" className="button primary" onClick={close}>
              {t('sharing.merge.close')}
            </button>
          </>
        }
      >
        <p className="sharing-result" role="status" data-merge-summary="">
          {preview.nothingToAdd ? t('sharing.merge.summaryNone') : `${t('sharing.merge.added')}: ${added}`}
        </p>
        {!preview.nothingToAdd && <p className="muted small">{t('sharing.merge.undoNote')}</p>}
        <AddedSections preview={preview} />
        <Details preview={preview} />
      </SharingDialog>
    );
  }

  // The preview: nothing has been written yet.
  return (
    <SharingDialog
      title={t('sharing.merge.title')}
      onClose={close}
      busy={busy}
      actions={
        <>
          <button type="button" className="button" onClick={close} disabled={busy}>
            {preview.nothingToAdd ? t('sharing.merge.close') : t('sharing.merge.cancel')}
          </button>
          {!preview.nothingToAdd && (
            <button type="button" className="button primary" onClick={() => void applyMerge()} disabled={busy}>
              {phase === 'applying' ? t('sharing.merge.applying', { file: fileName }) : t('sharing.merge.apply')}
            </button>
          )}
        </>
      }
    >
      <p className="muted small">{t('sharing.merge.from', { file: preview.file })}</p>
      {preview.nothingToAdd ? (
        <p className="sharing-result" role="status" data-merge-summary="">
          {t('sharing.merge.nothing')}
        </p>
      ) : (
        <>
          <h3 className="merge-total" data-merge-summary="">
            {t('sharing.merge.toAdd')}: {totals(preview)}
          </h3>
          <AddedSections preview={preview} />
        </>
      )}
      <Details preview={preview} />
      {!preview.nothingToAdd && <p className="merge-undo-note">{t('sharing.merge.undoNote')}</p>}
    </SharingDialog>
  );
}

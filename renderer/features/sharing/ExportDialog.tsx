import { useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ExchangeCounts } from '../../../shared/ipc/contract';
import { t, tn } from '../../i18n';
import { useAppStore } from '../../store';
import { downloadBase64 } from '../../lib/files';
import { SharingDialog } from './SharingDialog';

const COUNT_KEYS = ['sources', 'codes', 'codings', 'attributes', 'coders', 'memos'] as const;

/** "3 sources · 12 codes · …" for counts of an exchange file. */
export function CountList({ counts, label }: Readonly<{ counts: ExchangeCounts; label: string }>) {
  return (
    <ul className="sharing-counts" aria-label={label}>
      {COUNT_KEYS.map((key) => (
        <li key={key} data-count={key}>
          {tn(`sharing.count.${key}`, counts[key])}
        </li>
      ))}
    </ul>
  );
}

/**
 * Export for a colleague or another tool: a REFI-QDA project (optionally a blind copy without
 * some coders' codings, or codes only) or a codebook. The file is saved as soon as it is made;
 * the dialog then shows what it holds and what could not go in.
 */
export function ExportDialog() {
  const { outcome, busy, coders, currentCoder } = useAppStore(
    useShallow((state) => ({
      outcome: state.exportOutcome,
      busy: state.exportBusy,
      coders: state.coders,
      currentCoder: state.project?.currentCoder.name ?? null,
    })),
  );
  const { close, exportExchange, notify } = useAppStore(
    useShallow((state) => ({ close: state.closeExportDialog, exportExchange: state.exportExchange, notify: state.notify })),
  );
  const [format, setFormat] = useState<'qdpx' | 'qdc'>('qdpx');
  const [blind, setBlind] = useState(false);
  // By default a blind copy leaves out my own codings: the colleague codes without seeing them.
  const [leftOut, setLeftOut] = useState<readonly string[]>(currentCoder ? [currentCoder] : []);
  const [codesOnly, setCodesOnly] = useState(false);
  const name = useId();

  const onExport = async (): Promise<void> => {
    const result = await exportExchange({ format, withoutCoders: blind ? leftOut : [], codesOnly });
    if (!result) return;
    downloadBase64(result.fileName, result.dataBase64);
    notify('info', t('sharing.export.exported', { file: result.fileName }));
  };

  if (outcome) {
    return (
      <SharingDialog
        title={t('sharing.export.title')}
        onClose={close}
        actions={
          <>
            <button
              type="button"
              className="button"
              onClick={() => downloadBase64(outcome.fileName, outcome.dataBase64)}
            >
              {t('sharing.export.saveAgain')}
            </button>
            <button type="button" className="button primary" onClick={close}>
              {t('sharing.export.done')}
            </button>
          </>
        }
      >
        <p className="sharing-result" role="status">
          {t('sharing.export.saved', { file: outcome.fileName })}
        </p>
        <h3 className="subhead">{t('sharing.export.contains')}</h3>
        <CountList counts={outcome.counts} label={t('sharing.export.contains')} />
        <h3 className="subhead">{t('sharing.export.report')}</h3>
        {outcome.report.length === 0 ? (
          <p className="muted small">{t('sharing.export.reportNone')}</p>
        ) : (
          <ul className="sharing-lines" aria-label={t('sharing.export.report')}>
            {outcome.report.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </SharingDialog>
    );
  }

  const qdpx = format === 'qdpx';
  const nothingLeftOut = qdpx && blind && !codesOnly && leftOut.length === 0;
  return (
    <SharingDialog
      title={t('sharing.export.title')}
      onClose={close}
      busy={busy}
      actions={
        <>
          <button type="button" className="button" onClick={close} disabled={busy}>
            {t('sharing.export.cancel')}
          </button>
          <button
            type="button"
            className="button primary"
            onClick={() => void onExport()}
            disabled={busy || nothingLeftOut}
          >
            {busy ? t('sharing.export.working') : t('sharing.export.export')}
          </button>
        </>
      }
    >
      <fieldset className="templates">
        <legend className="field-label">{t('sharing.export.format')}</legend>
        <label className="template-option">
          <input type="radio" name={name} checked={qdpx} onChange={() => setFormat('qdpx')} />
          <span>
            <span className="template-name">{t('sharing.export.qdpx')}</span>
            <span className="muted small">{t('sharing.export.qdpxHint')}</span>
          </span>
        </label>
        <label className="template-option">
          <input type="radio" name={name} checked={!qdpx} onChange={() => setFormat('qdc')} />
          <span>
            <span className="template-name">{t('sharing.export.qdc')}</span>
            <span className="muted small">{t('sharing.export.qdcHint')}</span>
          </span>
        </label>
      </fieldset>
      {qdpx && (
        <div className="sharing-options">
          <label className="sharing-check">
            <input
              type="checkbox"
              checked={blind && !codesOnly}
              disabled={codesOnly}
              onChange={(event) => setBlind(event.target.checked)}
            />
            <span>
              <span>{t('sharing.export.blind')}</span>
              <span className="muted small">{t('sharing.export.blindHint')}</span>
            </span>
          </label>
          {blind && !codesOnly && (
            <fieldset className="sharing-coders" aria-label={t('sharing.export.blind')}>
              {coders.length === 0 && <p className="muted small">{t('sharing.export.noCoders')}</p>}
              {coders.map((coder) => (
                <label key={coder.id} className="chip sharing-coder-chip">
                  <input
                    type="checkbox"
                    checked={leftOut.includes(coder.name)}
                    onChange={(event) =>
                      setLeftOut((current) =>
                        event.target.checked ? [...current, coder.name] : current.filter((entry) => entry !== coder.name),
                      )
                    }
                  />
                  {coder.name}
                </label>
              ))}
            </fieldset>
          )}
          <label className="sharing-check">
            <input type="checkbox" checked={codesOnly} onChange={(event) => setCodesOnly(event.target.checked)} />
            <span>
              <span>{t('sharing.export.codesOnly')}</span>
              <span className="muted small">{t('sharing.export.codesOnlyHint')}</span>
            </span>
          </label>
        </div>
      )}
    </SharingDialog>
  );
}

import { useShallow } from 'zustand/react/shallow';
import { t } from '../../i18n';
import { useAppStore } from '../../store';
import { CountList } from '../sharing/ExportDialog';
import { SharingDialog } from '../sharing/SharingDialog';

/**
 * Shown once in the workspace after a project was made from an exchange file: what was
 * imported and, one sentence each, what the file held that could not be carried over.
 */
export function ExchangeImportReport() {
  const { report, dismiss } = useAppStore(
    useShallow((state) => ({ report: state.exchangeImport, dismiss: state.dismissExchangeImport })),
  );
  if (!report) return null;
  return (
    <SharingDialog
      title={t('start.exchange.title', { file: report.fileName })}
      onClose={dismiss}
      actions={
        <button type="button" className="button primary" onClick={dismiss}>
          {t('start.exchange.close')}
        </button>
      }
    >
      <h3 className="subhead">{t('start.exchange.imported')}</h3>
      <CountList counts={report.imported} label={t('start.exchange.imported')} />
      <h3 className="subhead">{t('start.exchange.report')}</h3>
      {report.report.length === 0 ? (
        <p className="muted small">{t('start.exchange.reportNone')}</p>
      ) : (
        <ul className="sharing-lines" aria-label={t('start.exchange.report')}>
          {report.report.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </SharingDialog>
  );
}

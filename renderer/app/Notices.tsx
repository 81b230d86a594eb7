import { useShallow } from 'zustand/react/shallow';
import { t } from '../i18n';
import { useAppStore } from '../store';

/** Calm messages at the bottom right: errors carry the backend's sentence and stay until dismissed. */
export function Notices() {
  const notices = useAppStore(useShallow((state) => state.notices));
  const dismiss = useAppStore((state) => state.dismissNotice);
  return (
    <div className="notices">
      {notices.map((notice) => (
        <div
          key={notice.id}
          className={`notice notice-${notice.kind}`}
          role={notice.kind === 'error' ? 'alert' : 'status'}
        >
          <span className="notice-text">{notice.message}</span>
          <button
            type="button"
            className="notice-dismiss"
            aria-label={t('notice.dismiss')}
            onClick={() => dismiss(notice.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

import { useId } from 'react';
import type { CoderId } from '../../../shared/domain/ids';
import { t } from '../../i18n';
import { useAppStore } from '../../store';

/**
 * Whose codings the document shows: all coders, one, or two compared side by side (each in a
 * column of stripes). The list is read again when it is opened, so a coder added since shows.
 */
export function CoderPicker() {
  const id = useId();
  const coders = useAppStore((state) => state.coders);
  const view = useAppStore((state) => state.coderView);
  const current = useAppStore((state) => state.project?.currentCoder.id ?? null);
  const setCoderView = useAppStore((state) => state.setCoderView);
  const loadCoders = useAppStore((state) => state.loadCoders);

  const value = view.mode === 'all' ? 'all' : view.mode === 'one' ? `one:${view.coderId}` : 'compare';
  const choose = (choice: string): void => {
    if (choice === 'all') setCoderView({ mode: 'all' });
    else if (choice.startsWith('one:')) setCoderView({ mode: 'one', coderId: choice.slice(4) as CoderId });
    else if (choice === 'compare' && coders.length >= 2) {
      // Start with the current coder and the first other one; either can be changed after.
      const first = coders.find((coder) => coder.id === current) ?? coders[0];
      const second = coders.find((coder) => coder.id !== first.id) ?? coders[1];
      setCoderView({ mode: 'compare', coderIds: [first.id, second.id] });
    }
  };
  const setCompared = (index: 0 | 1, coderId: CoderId): void => {
    if (view.mode !== 'compare') return;
    const pair: [CoderId, CoderId] = [view.coderIds[0], view.coderIds[1]];
    pair[index] = coderId;
    // Choosing the coder of the other column swaps the two.
    if (pair[0] === pair[1]) pair[1 - index] = view.coderIds[index];
    setCoderView({ mode: 'compare', coderIds: pair });
  };

  return (
    <span className="doc-coders" role="group" aria-label={t('document.coders.label')}>
      <label htmlFor={id} className="toolbar-label">
        {t('document.coders.label')}
      </label>
      <select
        id={id}
        className="doc-coders-select"
        value={value}
        onFocus={() => void loadCoders()}
        onChange={(event) => choose(event.target.value)}
      >
        <option value="all">{t('document.coders.all')}</option>
        {coders.map((coder) => (
          <option key={coder.id} value={`one:${coder.id}`}>
            {coder.name}
          </option>
        ))}
        <option value="compare" disabled={coders.length < 2}>
          {t('document.coders.compare')}
        </option>
      </select>
      {view.mode === 'compare' &&
        ([0, 1] as const).map((index) => (
          <select
            key={index}
            className="doc-coders-select"
            aria-label={t(index === 0 ? 'document.coders.left' : 'document.coders.right')}
            value={view.coderIds[index]}
            onChange={(event) => setCompared(index, event.target.value as CoderId)}
          >
            {coders.map((coder) => (
              <option key={coder.id} value={coder.id}>
                {coder.name}
              </option>
            ))}
          </select>
        ))}
    </span>
  );
}

import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Dialog } from '../../app/Dialog';
import { t } from '../../i18n';
import { useAppStore } from '../../store';

/**
 * Who is coding now: a name, new or one of the project's coders. Codings made from now on
 * record that coder; the choice is kept in the project file, so it holds when it is opened
 * again. Enter confirms, Escape leaves the coder as it was.
 */
export function CodingAsDialog() {
  const inputId = useId();
  const listId = useId();
  const current = useAppStore((state) => state.project?.currentCoder.name ?? '');
  const coders = useAppStore((state) => state.coders);
  const setCurrentCoder = useAppStore((state) => state.setCurrentCoder);
  const closeCodingAs = useAppStore((state) => state.closeCodingAs);
  const [name, setName] = useState(current);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  // The name is selected, so that typing replaces it.
  useEffect(() => inputRef.current?.select(), []);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const done = await setCurrentCoder(name);
    setBusy(false);
    if (done) closeCodingAs();
  };

  return (
    <Dialog
      title={t('document.codingAs.title')}
      initialFocus={inputRef}
      onClose={closeCodingAs}
      onSubmit={(event) => void submit(event)}
      footer={
        <>
          <button type="button" className="button" onClick={closeCodingAs}>
            {t('confirm.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={busy || name.trim().length === 0}>
            {t('document.codingAs.confirm')}
          </button>
        </>
      }
    >
      <div className="dialog-body">
        <p className="muted">{t('document.codingAs.explain')}</p>
        <label htmlFor={inputId} className="field-label coding-as-label">
          {t('document.codingAs.name')}
        </label>
        <input
          id={inputId}
          ref={inputRef}
          className="text-input"
          list={listId}
          value={name}
          maxLength={500}
          autoComplete="off"
          onChange={(event) => setName(event.target.value)}
        />
        <datalist id={listId}>
          {coders.map((coder) => (
            <option key={coder.id} value={coder.name} />
          ))}
        </datalist>
      </div>
    </Dialog>
  );
}

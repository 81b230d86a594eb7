import { useEffect, useId, useRef } from 'react';
import { initialLocale, LOCALE_NAMES, LOCALES, t, type Locale } from '../../i18n';
import { useAppStore } from '../../store';
import { systemLanguages } from './settingsSlice';

/** A small settings popover (today: the interface language), opened from the top bar or the start screen. */
export function SettingsMenu() {
  // In the store, not in this component: a new language re-creates the views (App.tsx), and
  // the popover should still be open, with the focus on the choice just made.
  const open = useAppStore((state) => state.settingsOpen);
  const setOpen = useAppStore((state) => state.setSettingsOpen);
  const choice = useAppStore((state) => state.localeChoice);
  const chooseLocale = useAppStore((state) => state.chooseLocale);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const popoverRef = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const name = useId();
  const system = initialLocale(null, systemLanguages());

  useEffect(() => {
    if (!open) return undefined;
    const popover = popoverRef.current;
    (popover?.querySelector('input:checked') as HTMLInputElement | null)?.focus();
    const onPointer = (event: MouseEvent): void => {
      const target = event.target as Node;
      if (!popover?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('mousedown', onPointer, true);
    return () => document.removeEventListener('mousedown', onPointer, true);
  }, [open, setOpen]);

  const options: { value: Locale | null; label: string }[] = [
    { value: null, label: t('settings.languageSystem', { language: LOCALE_NAMES[system] }) },
    ...LOCALES.map((locale) => ({ value: locale, label: LOCALE_NAMES[locale] })),
  ];

  return (
    <div className="settings">
      <button
        ref={buttonRef}
        type="button"
        className="button small quiet"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {t('settings.open')}
      </button>
      {open && (
        <div
          ref={popoverRef}
          className="settings-popover"
          role="dialog"
          aria-labelledby={titleId}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation();
              setOpen(false);
              buttonRef.current?.focus();
            }
          }}
        >
          <h2 id={titleId} className="settings-title">
            {t('settings.title')}
          </h2>
          <fieldset className="settings-group">
            <legend className="field-label">{t('settings.language')}</legend>
            {options.map((option) => (
              <label key={option.value ?? 'system'} className="settings-option">
                <input
                  type="radio"
                  name={name}
                  checked={choice === option.value}
                  onChange={() => chooseLocale(option.value)}
                />
                <span lang={option.value ?? undefined}>{option.label}</span>
              </label>
            ))}
          </fieldset>
          <p className="muted small settings-note">{t('settings.languageNote')}</p>
        </div>
      )}
    </div>
  );
}

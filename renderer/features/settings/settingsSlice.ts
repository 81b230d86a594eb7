import type { StateCreator } from 'zustand';
import { currentLocale, initialLocale, isLocale, setLocale, type Locale } from '../../i18n';
import { readPreference, writePreference } from '../../lib/preferences';
import type { AppState } from '../../store/types';

const LOCALE_KEY = 'locale';

export type SettingsSlice = {
  /** The language the interface is shown in. */
  locale: Locale;
  /** The language chosen in settings, or null to follow the operating system's. */
  localeChoice: Locale | null;
  chooseLocale(choice: Locale | null): void;
  settingsOpen: boolean;
  setSettingsOpen(open: boolean): void;
};

/** The language chosen in settings (remembered in this browser profile), or null. */
export function rememberedLocale(): Locale | null {
  return readPreference<Locale | null>(
    LOCALE_KEY,
    null,
    (value): value is Locale | null => value === null || isLocale(value),
  );
}

/** The languages the operating system (through the browser) prefers, best first. */
export function systemLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages && navigator.languages.length > 0 ? navigator.languages : [navigator.language];
}

/** Interface settings kept in the browser profile, not in the project: today the language. */
export const createSettingsSlice: StateCreator<AppState, [], [], SettingsSlice> = (set) => ({
  locale: currentLocale(),
  localeChoice: rememberedLocale(),
  settingsOpen: false,
  setSettingsOpen(open) {
    set({ settingsOpen: open });
  },
  chooseLocale(choice) {
    const next = initialLocale(choice, systemLanguages());
    writePreference(LOCALE_KEY, choice);
    setLocale(next);
    set({ locale: next, localeChoice: choice });
  },
});

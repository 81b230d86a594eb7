import { en, type MessageKey, type Messages } from './en';
import { zhCN } from './zh-CN';

export type { MessageKey, Messages } from './en';

/** The languages the interface ships in. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * Each language named in itself, not in the current one: someone who cannot read the
 * interface's language must still find theirs. So these are not catalogue messages.
 */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', 'zh-CN': '简体中文' };

const CATALOGUES: Readonly<Record<Locale, Messages>> = { en, 'zh-CN': zhCN };

type Params = Readonly<Record<string, string | number>>;

let messages: Messages = en;
let locale: Locale = 'en';
let numberFormat = new Intl.NumberFormat('en');

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The catalogue for a BCP 47 tag such as `navigator.language`: any Chinese tag (zh, zh-CN,
 * zh-Hans, zh-TW…) gets Simplified Chinese, the only Chinese we ship; other languages null.
 */
export function localeForTag(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  const lower = tag.toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-') || lower.startsWith('zh_')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-') || lower.startsWith('en_')) return 'en';
  return null;
}

/** The language to start in: the one chosen in settings, else the first the OS prefers that we have, else English. */
export function initialLocale(chosen: Locale | null, preferred: readonly string[]): Locale {
  if (chosen) return chosen;
  for (const tag of preferred) {
    const match = localeForTag(tag);
    if (match) return match;
  }
  return 'en';
}

/** The language of the catalogue in use, for `<html lang>`. */
export function currentLocale(): Locale {
  return locale;
}

/** Switches the catalogue and the page's language; components re-render from the store's `locale`. */
export function setLocale(next: Locale): void {
  messages = CATALOGUES[next];
  locale = next;
  numberFormat = new Intl.NumberFormat(next);
  if (typeof document !== 'undefined') {
    document.documentElement.lang = next;
    document.title = messages['app.name'];
  }
}

function fill(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? numberFormat.format(value) : value;
  });
}

/** The message for `key` with its {placeholders} filled in. */
export function t(key: MessageKey, params?: Params): string {
  return fill(messages[key] ?? en[key] ?? key, params);
}

type PluralBase = {
  [K in MessageKey]: K extends `${infer Base}.one` ? (`${Base}.other` extends MessageKey ? Base : never) : never;
}[MessageKey];

/** A message with plural forms: `${base}.one` or `${base}.other`, with {count} filled in. */
export function tn(base: PluralBase, count: number, params?: Params): string {
  const rule = new Intl.PluralRules(locale).select(count);
  const key = (rule === 'one' ? `${base}.one` : `${base}.other`) as MessageKey;
  return t(key, { ...params, count });
}

/** Formats a count the way the catalogue's locale writes numbers. */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

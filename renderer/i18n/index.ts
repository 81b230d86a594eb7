import { en, type MessageKey, type Messages } from './en';

export type { MessageKey, Messages } from './en';

type Params = Readonly<Record<string, string | number>>;

let messages: Messages = en;
let locale = 'en';
const numberFormat = new Intl.NumberFormat('en');

/** The language of the catalogue in use, for `<html lang>`. */
export function currentLocale(): string {
  return locale;
}

/** Switches the catalogue (zh-CN arrives in a later issue). */
export function setMessages(next: Messages, nextLocale: string): void {
  messages = next;
  locale = nextLocale;
  if (typeof document !== 'undefined') document.documentElement.lang = nextLocale;
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
  return fill(messages[key] ?? key, params);
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

import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/i18n/en';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { CODE_PALETTE } from '../../shared/domain/palette';
import { currentLocale, initialLocale, localeForTag, setLocale, t, tn } from '../../renderer/i18n';

// The renderer's sources as text (Vite's glob import; no Node APIs in the web tsconfig).
const sources = import.meta.glob<string>('../../renderer/**/*.{ts,tsx}', {
  query: '?raw',
  import: 'default',
  eager: true,
});

describe('the message catalogue', () => {
  it('has every key the renderer asks for', () => {
    const keys = new Set(Object.keys(en));
    const missing: string[] = [];
    expect(Object.keys(sources).length).toBeGreaterThan(20);
    for (const [file, source] of Object.entries(sources)) {
      for (const match of source.matchAll(/\bt\('([^']+)'/g))
        if (!keys.has(match[1])) missing.push(`${file}: ${match[1]}`);
      for (const match of source.matchAll(/\btn\('([^']+)'/g)) {
        if (!keys.has(`${match[1]}.one`) || !keys.has(`${match[1]}.other`))
          missing.push(`${file}: ${match[1]}.one/.other`);
      }
    }
    expect(missing).toEqual([]);
    // Keys built at run time: a name for each palette colour (read out by screen readers).
    for (const index of CODE_PALETTE.keys()) expect(keys.has(`codebook.colour.${index}`)).toBe(true);
  });

  it('has a Simplified Chinese catalogue with exactly the English keys, none empty', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    const empty = Object.entries({ ...en, ...zhCN }).filter(([, message]) => message.trim().length === 0);
    expect(empty).toEqual([]);
    for (const [key, message] of Object.entries(zhCN)) expect(message.trim().length, key).toBeGreaterThan(0);
  });

  it('uses the same placeholders in both languages, and Chinese in the Chinese one', () => {
    const placeholders = (message: string): string[] => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const mismatched = (Object.keys(en) as (keyof typeof en)[]).filter(
      (key) => placeholders(en[key]).join() !== placeholders(zhCN[key]).join(),
    );
    expect(mismatched).toEqual([]);
    // Every message a researcher reads as a sentence is translated, not copied: only names,
    // symbols and examples (the brand, "—", a path) may be the same in both.
    const copied = (Object.keys(en) as (keyof typeof en)[]).filter(
      (key) => en[key] === zhCN[key] && /[a-z]{3}/.test(en[key].replace(/\{\w+\}/g, '')),
    );
    expect(copied).toEqual(['app.name', 'start.open.pathPlaceholder']);
  });

  it('follows the system language by default and a choice made in settings over it', () => {
    expect(localeForTag('zh-CN')).toBe('zh-CN');
    expect(localeForTag('zh-Hans-SG')).toBe('zh-CN');
    expect(localeForTag('zh')).toBe('zh-CN');
    expect(localeForTag('en-GB')).toBe('en');
    expect(localeForTag('de-DE')).toBeNull();
    expect(initialLocale(null, ['de-DE', 'zh-CN', 'en'])).toBe('zh-CN');
    expect(initialLocale(null, ['fr'])).toBe('en');
    expect(initialLocale('en', ['zh-CN'])).toBe('en');
  });

  it('switches every message to Chinese and back', () => {
    try {
      setLocale('zh-CN');
      expect(currentLocale()).toBe('zh-CN');
      expect(t('codebook.title')).toBe('编码本');
      expect(t('workspace.coder', { name: '李伟' })).toBe('编码员：李伟');
      expect(tn('document.codings', 1)).toBe('1 处编码');
      expect(tn('document.codings', 5000)).toBe('5,000 处编码');
    } finally {
      setLocale('en');
    }
    expect(t('codebook.title')).toBe('Codebook');
  });

  it('fills placeholders and picks plural forms', () => {
    expect(t('workspace.coder', { name: 'Li Wei' })).toBe('Coder: Li Wei');
    expect(tn('document.codings', 1)).toBe('1 coding');
    expect(tn('document.codings', 5000)).toBe('5,000 codings');
  });
});

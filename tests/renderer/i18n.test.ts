import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/i18n/en';
import { t, tn } from '../../renderer/i18n';

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
  });

  it('fills placeholders and picks plural forms', () => {
    expect(t('workspace.coder', { name: 'Li Wei' })).toBe('Coder: Li Wei');
    expect(tn('document.codings', 1)).toBe('1 coding');
    expect(tn('document.codings', 5000)).toBe('5,000 codings');
  });
});

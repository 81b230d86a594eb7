import { describe, expect, it } from 'vitest';

// Read from disk: a `?raw` import of a .css file goes through Vitest's CSS handling, which
// empties it. This project's web tsconfig has no Node types, hence the narrow cast.
type NodeFs = {
  readFileSync(path: URL, encoding: 'utf8'): string;
  readdirSync(path: URL, options: { recursive: true; encoding: 'utf8' }): string[];
};
const fs = (globalThis as unknown as { process: { getBuiltinModule(name: string): unknown } }).process.getBuiltinModule(
  'node:fs',
) as NodeFs;
// Every style sheet of the renderer: the app's, and any a feature imports beside its components.
const rendererDir = new URL('../../renderer/', import.meta.url);
const sheets = fs
  .readdirSync(rendererDir, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.css'))
  .sort();
const css = sheets.map((file) => fs.readFileSync(new URL(file, rendererDir), 'utf8')).join('\n');

// Text must follow the size a researcher set in the operating system (issue 4, accessibility):
// the root font size is left alone and text sizes are relative to it.
describe('the style sheet', () => {
  const declarations = [...css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([a-z-]+)\s*:\s*([^;{}]+);/g)].map(
    (match) => ({ property: match[1], value: match[2].trim() }),
  );

  it('sets no font size in pixels, and none on the root', () => {
    expect(sheets).toContain('app/styles.css');
    expect(declarations.length).toBeGreaterThan(200);
    const pixels = declarations.filter(
      (entry) =>
        (entry.property === 'font-size' || entry.property === 'line-height' || entry.property === 'font') &&
        /\d+(\.\d+)?px/.test(entry.value),
    );
    expect(pixels).toEqual([]);
    const root = /:root\s*\{([^}]*)\}/.exec(css)?.[1] ?? '';
    expect(root).not.toMatch(/font-size/);
    expect(/\bbody\s*\{[^}]*font-size:\s*0\.8125rem/.test(css)).toBe(true);
  });

  it('gives every focusable thing a visible focus indicator', () => {
    expect(css).toMatch(/:focus-visible\s*\{\s*outline:\s*2px solid/);
    const rules = [...css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{([^}]*)\}/g)].map((match) => ({
      selector: match[1].trim(),
      body: match[2],
    }));
    const shows = (body: string): boolean => /box-shadow|border-color/.test(body);
    const showsBefore = (selector: string): boolean =>
      rules.some(
        (other) =>
          (other.selector === `${selector}::before` && /background/.test(other.body)) ||
          (other.selector === `${selector}::after` && /box-shadow|border-color/.test(other.body)),
      );
    // A rule that takes the outline away must show the focus another way, or leave it to a
    // :focus-visible rule for the same element that does.
    const hidden = rules.filter((rule) => /:focus/.test(rule.selector) && /outline:\s*(none|0)\b/.test(rule.body));
    expect(hidden.map((rule) => rule.selector).sort()).toEqual([
      '.codebook-menu-item:focus-visible',
      '.dialog.codebook-dialog:focus-visible',
      '.doc-edge:focus',
      '.doc-text:focus',
      '.doc-text:focus-visible',
      '.find-input:focus',
    ]);
    for (const rule of hidden) {
      // A dialog's own box takes the focus only from script, when it opens (tabindex -1), so
      // that the next Tab reaches its first control; it is not something a key press lands on.
      if (rule.selector === '.dialog.codebook-dialog:focus-visible') continue;
      const visible = rules.find((other) => other.selector === rule.selector.replace(/:focus$/, ':focus-visible'));
      const shown =
        shows(rule.body) ||
        showsBefore(rule.selector) ||
        showsBefore(rule.selector.replace(/:focus$/, ':focus-visible')) ||
        (visible !== undefined && shows(visible.body));
      expect(shown, rule.selector).toBe(true);
    }
  });
});

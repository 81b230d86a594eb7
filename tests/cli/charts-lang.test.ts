import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, REPO_ROOT } from '../support/cli';

// `marginalia chart --lang`: the chart's fixed words in the language of the interface.

const OUT = process.env.MARGINALIA_OUT ?? 'out';

// Each command is a child process (seconds apiece on a loaded machine).
describe('marginalia chart --lang', { timeout: 180_000 }, () => {
  beforeAll(() => {
    if (!existsSync(join(REPO_ROOT, OUT, 'node', 'cli.js')))
      throw new Error('Build the CLI first (npm run build:node).');
  });

  it('draws titles, axes and notes in Chinese with --lang zh-CN, in English by default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'marginalia-cli-charts-lang-'));
    const project = join(dir, 'sample.marginalia');
    expect(cli(['new', project, '--sample', '--coder', 'Ana'], { cwd: dir }).status).toBe(0);

    const chinese = join(dir, 'freq-zh.svg');
    let run = cli(['chart', project, 'frequencies', '--by', 'province', '--lang', 'zh-CN', '--out', chinese], {
      cwd: dir,
    });
    expect(run.status, run.stderr).toBe(0);
    const svg = readFileSync(chinese, 'utf8');
    expect(svg).toContain('<title>代码频数（按 province）</title>');
    expect(svg).toContain('单位：片段（编码条数）；编码员：全部编码员；代码含其下级代码');
    expect(svg).not.toMatch(/Code frequencies|segments \(number|all coders|descendants/);

    const english = join(dir, 'freq-en.svg');
    expect(cli(['chart', project, 'frequencies', '--by', 'province', '--out', english], { cwd: dir }).status).toBe(0);
    const plain = readFileSync(english, 'utf8');
    expect(plain).toContain('<title>Code frequencies by province</title>');
    // --lang en is the default, byte for byte.
    const en = join(dir, 'freq-en2.svg');
    expect(
      cli(['chart', project, 'frequencies', '--by', 'province', '--lang', 'en', '--out', en], { cwd: dir }).status,
    ).toBe(0);
    expect(readFileSync(en, 'utf8')).toBe(plain);

    // A PNG in Chinese, drawn with a Chinese face where the system has one.
    const png = join(dir, 'co-zh.png');
    run = cli(['chart', project, 'cooccurrence', '--lang', 'zh-cn', '--scale', '1', '--out', png], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(png).toString('latin1', 1, 4)).toBe('PNG');

    run = cli(['chart', project, 'wordfreq', '--lang', 'fr', '--out', join(dir, 'w.svg')], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^--lang is en or zh-CN \(the language of the chart's titles and axes\), not "fr"\./);
  });
});

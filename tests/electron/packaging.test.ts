import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// electron-builder.yml, checked by electron-builder's own loader and schema through
// scripts/validate-builder.cjs (packaging itself cannot run offline, TOOLCHAIN.md P4).

type Validation = { ok: true; config: BuilderConfig } | { ok: false; message: string };
type BuilderConfig = {
  appId?: string;
  productName?: string;
  npmRebuild?: boolean;
  asarUnpack?: string[];
  files?: Array<string | { filter?: string[] }>;
  extraResources?: Array<{ from: string; to: string }>;
  fileAssociations?: Array<{ ext: string; name?: string; role?: string; mimeType?: string }>;
  linux?: { target?: string[] };
  win?: { target?: string[] };
  mac?: { target?: string[] };
  electronFuses?: Record<string, boolean>;
};
type Validator = { validateBuilderConfig(configPath: string, projectDir?: string): Promise<Validation> };

const repo = resolve(import.meta.dirname, '../..');
const script = join(repo, 'scripts/validate-builder.cjs');
const configPath = join(repo, 'electron-builder.yml');
const { validateBuilderConfig } = createRequire(import.meta.url)(script) as Validator;
const run = promisify(execFile);

let scratch: string;
let bogusPath: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'marginalia-builder-'));
  bogusPath = join(scratch, 'electron-builder.yml');
  const original = readFileSync(configPath, 'utf8');
  const bogus = original.replace(/^linux:\n/m, 'linux:\n  bogusKey: true\n');
  expect(bogus).not.toBe(original);
  writeFileSync(bogusPath, bogus);
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function validConfig(): Promise<BuilderConfig> {
  const result = await validateBuilderConfig(configPath, repo);
  if (!result.ok) throw new Error(result.message);
  return result.config;
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own validation', async () => {
    const result = await validateBuilderConfig(configPath, repo);
    expect(result.ok ? 'valid' : result.message).toBe('valid');
  });

  it('is rejected by the same validation when it has an unknown key (linux.bogusKey)', async () => {
    const result = await validateBuilderConfig(bogusPath, scratch);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/configuration\.linux|bogusKey/);
  });

  it('associates .marginalia files with the app as their editor', async () => {
    const config = await validConfig();
    expect(config.fileAssociations).toContainEqual(
      expect.objectContaining({
        ext: 'marginalia',
        name: 'Marginalia project',
        role: 'Editor',
        mimeType: 'application/x-marginalia',
      }),
    );
  });

  it('names the app and targets Linux, Windows and macOS', async () => {
    const config = await validConfig();
    expect(config.appId).toBe('org.marginalia.app');
    expect(config.productName).toBe('Marginalia');
    expect(config.linux?.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.win?.target).toContain('nsis');
    expect(config.mac?.target).toContain('dmg');
  });

  it('packs the electron-vite output, unpacks native addons and never rebuilds them', async () => {
    const config = await validConfig();
    // electron-builder's loader normalises `files` into { filter } groups.
    const patterns = (config.files ?? []).flatMap((entry) =>
      typeof entry === 'string' ? [entry] : (entry.filter ?? []),
    );
    expect(patterns).toEqual(expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**']));
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.npmRebuild).toBe(false);
    expect(config.extraResources).toContainEqual(expect.objectContaining({ from: 'resources', to: 'resources' }));
  });

  it('switches off the fuses that would let a packaged app run arbitrary code', async () => {
    const config = await validConfig();
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
    });
  });
});

describe('scripts/validate-builder.cjs as a command', () => {
  it('exits 0 for the real config', async () => {
    const { stdout } = await run(process.execPath, [script], { cwd: repo });
    expect(stdout).toContain('OK');
  });

  it('exits non-zero and explains why for the bogus config', async () => {
    const failure = await run(process.execPath, [script, bogusPath], { cwd: repo }).then(
      () => null,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/Invalid electron-builder configuration/);
  });
});

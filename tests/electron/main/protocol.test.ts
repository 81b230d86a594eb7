import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_SCHEME_PRIVILEGES, appResponse, contentTypeFor, resolveAppPath } from '../../../electron/main/protocol';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/security';

let sandbox: string;
let root: string;

beforeAll(() => {
  // root = <sandbox>/renderer, with a secret beside it that must never be served.
  sandbox = mkdtempSync(join(tmpdir(), 'marginalia-protocol-'));
  root = join(sandbox, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Marginalia</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', '数据 表.css'), 'body{}');
  writeFileSync(join(sandbox, 'secret.txt'), 'top secret');
});

afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

describe('resolveAppPath', () => {
  it('maps app:// URLs to files under the root', () => {
    expect(resolveAppPath(root, 'app://marginalia/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://marginalia/assets/index-abc.js?v=1#x')).toBe(
      join(root, 'assets', 'index-abc.js'),
    );
    expect(resolveAppPath(root, 'app://marginalia/assets/%E6%95%B0%E6%8D%AE%20%E8%A1%A8.css')).toBe(
      join(root, 'assets', '数据 表.css'),
    );
  });

  it('serves index.html for the bare origin', () => {
    expect(resolveAppPath(root, 'app://marginalia/')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://marginalia')).toBe(join(root, 'index.html'));
  });

  it('never resolves outside the root, however the traversal is spelled', () => {
    const attempts = [
      'app://marginalia/../secret.txt',
      'app://marginalia/assets/../../secret.txt',
      'app://marginalia/%2e%2e/secret.txt',
      'app://marginalia/%2E%2E/%2e%2e/secret.txt',
      'app://marginalia/..%2fsecret.txt',
      'app://marginalia/%2e%2e%2fsecret.txt',
      'app://marginalia/assets%2f..%2f..%2fsecret.txt',
      'app://marginalia/..%5csecret.txt',
      'app://marginalia/%2e%2e%5c%2e%2e%5csecret.txt',
    ];
    for (const url of attempts) {
      const resolved = resolveAppPath(root, url);
      // Either refused outright, or (when the URL parser already collapsed the dots) still inside root.
      if (resolved !== null) expect(resolved.startsWith(join(root, '/')), url).toBe(true);
      expect(resolved, url).not.toBe(join(sandbox, 'secret.txt'));
    }
  });

  it('refuses encoded traversal that would climb out of the root', () => {
    expect(resolveAppPath(root, 'app://marginalia/..%2fsecret.txt')).toBeNull();
    expect(resolveAppPath(root, 'app://marginalia/%2e%2e%2f%2e%2e%2fetc%2fpasswd')).toBeNull();
    expect(resolveAppPath(root, 'app://marginalia/%2e%2e%5csecret.txt')).toBeNull();
  });

  it('refuses NUL bytes, malformed escapes, foreign hosts and other schemes', () => {
    expect(resolveAppPath(root, 'app://marginalia/index.html%00.js')).toBeNull();
    expect(resolveAppPath(root, 'app://marginalia/%E0%A4%A')).toBeNull();
    expect(resolveAppPath(root, 'app://evil/index.html')).toBeNull();
    expect(resolveAppPath(root, 'file:///etc/passwd')).toBeNull();
    expect(resolveAppPath(root, 'https://marginalia/index.html')).toBeNull();
    expect(resolveAppPath(root, 'not a url')).toBeNull();
  });

  it('grants app:// the privileges of a standard, secure origin', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true });
    // Bypassing the CSP would defeat the header this protocol sends.
    expect(APP_SCHEME_PRIVILEGES.privileges?.bypassCSP).not.toBe(true);
    // corsEnabled would let other origins read app:// responses.
    expect(APP_SCHEME_PRIVILEGES.privileges?.corsEnabled).not.toBe(true);
  });
});

describe('appResponse', () => {
  it('serves a bundle file with its type and the CSP header', async () => {
    const response = await appResponse(root, { url: 'app://marginalia/index.html', method: 'GET' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Marginalia</title>');
  });

  it('refuses a traversal with 400 and does not leak the file', async () => {
    const response = await appResponse(root, { url: 'app://marginalia/..%2fsecret.txt', method: 'GET' });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain('top secret');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers 404 for a missing file and 405 for writes', async () => {
    expect((await appResponse(root, { url: 'app://marginalia/nope.js', method: 'GET' })).status).toBe(404);
    expect((await appResponse(root, { url: 'app://marginalia/assets', method: 'GET' })).status).toBe(404);
    expect((await appResponse(root, { url: 'app://marginalia/index.html', method: 'POST' })).status).toBe(405);
  });

  it('labels scripts, styles and unknown files so nosniff lets only real scripts run', () => {
    expect(contentTypeFor('a/index-abc.js')).toMatch(/^text\/javascript/);
    expect(contentTypeFor('a/b.CSS')).toMatch(/^text\/css/);
    expect(contentTypeFor('a/b.woff2')).toBe('font/woff2');
    expect(contentTypeFor('a/b.exe')).toBe('application/octet-stream');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browserHost, createBackend, type Backend } from '../../electron/backend/backend';
import { startServer, type RunningServer } from '../../electron/server/server';

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** A raw HTTP request, so Host and Origin can be set to anything (fetch forbids that). */
function raw(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

let server: RunningServer | null = null;
let backend: Backend | null = null;
afterEach(async () => {
  await server?.close();
  backend?.close();
  server = null;
  backend = null;
});

async function start() {
  const home = mkdtempSync(join(tmpdir(), 'marginalia-home-'));
  const renderer = join(home, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Marginalia</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'export {};');
  writeFileSync(join(home, 'secret.txt'), 'not for the browser');
  backend = createBackend(browserHost(join(home, 'projects')), { homeDir: home });
  server = await startServer(backend, { rendererDir: renderer });
  return { server, home };
}

const call = (port: number, token: string, channel: string, body: unknown, extra: Record<string, string> = {}) =>
  raw(port, {
    method: 'POST',
    path: `/api/${encodeURIComponent(channel)}`,
    headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', 'x-marginalia-token': token, ...extra },
    body: JSON.stringify(body),
  });

describe('browser mode', () => {
  it('listens on 127.0.0.1 at a random port with a long random token in the address', async () => {
    const { server: running } = await start();
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    expect(running.port).toBeGreaterThan(0);
    const other = await startServer(backend as Backend, { rendererDir: null });
    expect(other.token).not.toBe(running.token);
    expect(other.port).not.toBe(running.port);
    await other.close();
  });

  it('answers contract calls with the right token, and refuses a missing or wrong one', async () => {
    const { server: running } = await start();
    const good = await call(running.port, running.token, 'app:info', {});
    expect(good.status).toBe(200);
    expect(JSON.parse(good.body)).toMatchObject({ ok: true, value: { mode: 'browser' } });
    expect((await call(running.port, 'wrong-token-wrong-token-wrong-tok', 'app:info', {})).status).toBe(401);
    const none = await raw(running.port, {
      method: 'POST',
      path: '/api/app%3Ainfo',
      headers: { host: `127.0.0.1:${running.port}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(none.status).toBe(401);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin (another web page)', async () => {
    const { server: running } = await start();
    const rebinding = await call(running.port, running.token, 'app:info', {}, { host: `evil.example:${running.port}` });
    expect(rebinding.status).toBe(421);
    const foreign = await call(running.port, running.token, 'app:info', {}, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const ours = await call(running.port, running.token, 'app:info', {}, { origin: `http://127.0.0.1:${running.port}` });
    expect(ours.status).toBe(200);
  });

  it('validates payloads and returns errors as values', async () => {
    const { server: running } = await start();
    const unknown = JSON.parse((await call(running.port, running.token, 'files:read', { path: '/etc/passwd' })).body);
    expect(unknown).toEqual({ ok: false, error: { code: 'invalid-arguments', message: 'Unknown request "files:read".' } });
    const malformed = JSON.parse((await call(running.port, running.token, 'codes:create', { parentId: 'x', name: '' })).body);
    expect(malformed.ok).toBe(false);
    expect(malformed.error.code).toBe('invalid-arguments');
    const extra = JSON.parse((await call(running.port, running.token, 'projects:close', { path: '/etc' })).body);
    expect(extra.ok).toBe(false);
    const noProject = JSON.parse((await call(running.port, running.token, 'sources:list', {})).body);
    expect(noProject).toEqual({ ok: false, error: { code: 'no-project', message: 'No project is open; create or open one first.' } });
  });

  it('creates a project in the projects folder and streams change events', async () => {
    const { server: running, home } = await start();
    const events: string[] = [];
    const stream = await fetch(`http://127.0.0.1:${running.port}/api/events?token=${running.token}`);
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    const created = JSON.parse((await call(running.port, running.token, 'projects:create', { name: 'Study: 浙江/安徽', template: 'digital-governance' })).body);
    expect(created.ok).toBe(true);
    expect(created.value.path).toBe(join(home, 'projects', 'Study 浙江 安徽.marginalia'));
    const decoder = new TextDecoder();
    while (!events.some((line) => line.includes('project:changed'))) {
      const { value, done } = await reader.read();
      if (done) break;
      events.push(decoder.decode(value));
    }
    expect(events.join('')).toMatch(/event: project:changed\ndata: \{"what":"project"\}/);
    await reader.cancel();
    const codes = JSON.parse((await call(running.port, running.token, 'codes:list', {})).body);
    expect(codes.value).toHaveLength(11);
    const recent = JSON.parse((await call(running.port, running.token, 'projects:recent', {})).body);
    expect(recent.value[0]).toMatchObject({ name: 'Study: 浙江/安徽', exists: true });
  });

  it('serves the interface with a strict CSP and never a file outside it', async () => {
    const { server: running } = await start();
    const host = { host: `127.0.0.1:${running.port}` };
    const index = await raw(running.port, { path: `/?token=${running.token}`, headers: host });
    expect(index.status).toBe(200);
    expect(index.body).toMatch(/<title>Marginalia<\/title>/);
    expect(index.headers['content-security-policy']).toMatch(/default-src 'self'; script-src 'self'/);
    expect(index.headers['referrer-policy']).toBe('no-referrer');
    expect((await raw(running.port, { path: '/assets/app.js', headers: host })).status).toBe(200);
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt']) {
      const reply = await raw(running.port, { path, headers: host });
      expect(reply.status, path).toBe(404);
      expect(reply.body).not.toMatch(/not for the browser/);
    }
  });
});

import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { CustomScheme } from 'electron';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './security';

// The app:// protocol that serves the built renderer (out/renderer/). Serving from a custom
// origin instead of file:// gives the page a real origin for the CSP and the IPC sender check,
// and keeps it from reading arbitrary files. Everything here is plain Node, tested without Electron.

/**
 * Privileges for app:// — registered before the app is ready. `standard` gives it an origin, so
 * the bundle's module scripts load same-origin. `corsEnabled` and `bypassCSP` stay off: the first
 * would let other origins read app:// responses, the second would disable the CSP header.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

/**
 * Maps an app:// URL to a file under `root`, or null when the URL is foreign, malformed or would
 * escape `root` (`..`, `%2e%2e`, encoded slashes or backslashes, NUL bytes).
 */
export function resolveAppPath(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;

  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  // A backslash is a separator on Windows, and a NUL byte truncates paths in native code.
  if (decoded.includes('\0') || decoded.includes('\\')) return null;

  const wanted = decoded.replace(/^\/+/, '') || 'index.html';
  const base = resolve(root);
  const full = resolve(base, wanted);
  const inside = relative(base, full);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return null;
  return full;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/** The Content-Type for a file served over app://; unknown kinds are opaque bytes. */
export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers sent with every app:// response, errors included. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

export type AppRequest = Readonly<{ url: string; method: string }>;
export type FileReader = (path: string) => Promise<Uint8Array>;

/** Answers one app:// request from the files under `root`, always with the CSP header. */
export async function appResponse(root: string, request: AppRequest, read: FileReader = readFile): Promise<Response> {
  const refuse = (status: number, text: string): Response =>
    new Response(text, { status, headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' } });

  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Method not allowed');
  const path = resolveAppPath(root, request.url);
  if (path === null) return refuse(400, 'Bad request');

  let body: Uint8Array;
  try {
    body = await read(path);
  } catch {
    return refuse(404, 'Not found');
  }
  const headers = { ...securityHeaders(), 'Content-Type': contentTypeFor(path) };
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
}

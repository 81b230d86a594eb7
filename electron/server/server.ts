import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Backend, BackendEvent } from '../backend/backend';
import { logger } from '../util/logger';

/** Largest request body accepted (imports send files as base64). */
const MAX_BODY_BYTES = 512 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.ico': 'image/x-icon',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  // The token travels in the first URL; never leak it to another site.
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Finds the built renderer: MARGINALIA_RENDERER_DIR, or out/renderer above this module. */
export function findRendererDir(): string | null {
  if (process.env.MARGINALIA_RENDERER_DIR) return process.env.MARGINALIA_RENDERER_DIR;
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth += 1) {
    for (const candidate of [join(folder, 'renderer'), join(folder, 'out', 'renderer')]) {
      if (existsSync(join(candidate, 'index.html'))) return candidate;
    }
    folder = dirname(folder);
  }
  return null;
}

export type RunningServer = Readonly<{
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}>;

export type ServeOptions = Readonly<{ port?: number; rendererDir?: string | null; token?: string }>;

function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(response: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store' });
  response.end(body);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolvePromise(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/**
 * Browser mode (DESIGN.md §2): the built renderer and the contract over HTTP on 127.0.0.1
 * only, a random port and a random per-run token, with foreign Host and Origin refused —
 * so neither another machine nor a web page open in the same browser can reach a project.
 */
export async function startServer(backend: Backend, options: ServeOptions = {}): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = options.rendererDir === undefined ? findRendererDir() : options.rendererDir;
  const streams = new Set<ServerResponse>();
  let port = 0;

  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = (): Set<string> => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const unsubscribe = backend.onEvent((event: BackendEvent) => {
    const frame = `event: ${event.name}\ndata: ${JSON.stringify(event.payload)}\n\n`;
    for (const stream of streams) stream.write(frame);
  });

  const serveStatic = (pathname: string, response: ServerResponse): void => {
    if (!rendererDir) {
      send(response, 503, 'The interface has not been built yet. Run "npm run build" in the Marginalia folder, then reload.');
      return;
    }
    const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const root = resolve(rendererDir);
    const file = resolve(root, normalize(relative));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      send(response, 404, 'Not found');
      return;
    }
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'max-age=3600',
    });
    response.end(readFileSync(file));
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!allowedHosts().has(request.headers.host ?? '')) {
      send(response, 421, 'Marginalia answers only at 127.0.0.1.');
      return;
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) {
      send(response, 403, 'Requests from other sites are refused.');
      return;
    }
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);

    if (url.pathname === '/api/events' && request.method === 'GET') {
      if (!sameToken(url.searchParams.get('token'), token)) {
        send(response, 401, 'Missing or wrong token.');
        return;
      }
      response.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      });
      response.write(': connected\n\n');
      streams.add(response);
      request.on('close', () => streams.delete(response));
      return;
    }

    if (url.pathname.startsWith('/api/')) {
      if (request.method !== 'POST') {
        send(response, 405, 'Use POST.');
        return;
      }
      if (!sameToken(request.headers['x-marginalia-token'] as string | undefined, token)) {
        send(response, 401, JSON.stringify({ ok: false, error: { code: 'invalid-arguments', message: 'Missing or wrong token.' } }), 'application/json');
        return;
      }
      if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
        send(response, 415, 'Send JSON.');
        return;
      }
      let args: unknown;
      try {
        const body = await readBody(request);
        args = body.length === 0 ? {} : JSON.parse(body);
      } catch {
        send(response, 400, JSON.stringify({ ok: false, error: { code: 'invalid-arguments', message: 'The request could not be read.' } }), 'application/json');
        return;
      }
      const channel = decodeURIComponent(url.pathname.slice('/api/'.length));
      const result = await backend.invoke(channel, args);
      send(response, 200, JSON.stringify(result), 'application/json; charset=utf-8');
      return;
    }

    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, 'Method not allowed.');
      return;
    }
    serveStatic(url.pathname, response);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.error('request failed', error);
      if (!response.headersSent) send(response, 500, 'Internal error');
      else response.end();
    });
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePromise());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}/?token=${token}`;

  return {
    url,
    port,
    token,
    close: () =>
      new Promise<void>((resolvePromise) => {
        unsubscribe();
        for (const stream of streams) stream.end();
        streams.clear();
        server.close(() => resolvePromise());
        server.closeAllConnections();
      }),
  };
}

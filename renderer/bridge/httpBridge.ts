import type { ArgsOf, Channel, EventName, EventPayloads, ResultOf } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import { t } from '../i18n';
import type { RendererBridge } from './types';

export const TOKEN_HEADER = 'x-marginalia-token';
const TOKEN_KEY = 'marginalia.token';

type EventSourceLike = {
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  removeEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
};

/** The page whose leaving the bridge watches (the window; a stand-in in tests). */
export type LeavingPage = Readonly<{
  addEventListener(type: string, listener: () => void, options?: AddEventListenerOptions): void;
  document: Readonly<{
    visibilityState: string;
    addEventListener(type: string, listener: () => void, options?: AddEventListenerOptions): void;
  }>;
}>;

export type HttpBridgeOptions = Readonly<{
  token: string;
  /** Origin and path prefix of the server; '' means the page's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  createEventSource?: (url: string) => EventSourceLike;
  /** The page to watch for leaving; the window by default, none outside a browser. */
  page?: LeavingPage | null;
}>;

/**
 * True from the moment the page starts going away (closed, reloaded, hidden) until that
 * event's own work is done. The writes made then (a held move of a coding's end, see
 * store/pendingWrites.ts) are started from those events' listeners, in the same task; a
 * plain fetch started then may be cancelled with the page, a `keepalive` one is not. Only
 * those: keepalive bodies are capped (64 KB in all), and a leave can be called off.
 */
function watchLeaving(page: LeavingPage | null): () => boolean {
  if (!page) return () => false;
  let leaving = false;
  const mark = (): void => {
    if (leaving) return;
    leaving = true;
    setTimeout(() => {
      leaving = false;
    }, 0);
  };
  // Capture, registered at start: runs before the listeners that make the held writes.
  page.addEventListener('beforeunload', mark, { capture: true });
  page.addEventListener('pagehide', mark, { capture: true });
  page.document.addEventListener(
    'visibilitychange',
    () => {
      if (page.document.visibilityState === 'hidden') mark();
    },
    { capture: true },
  );
  return () => leaving;
}

function failure<T>(message: string): Result<T> {
  return { ok: false, error: { code: 'internal', message } };
}

/**
 * Browser mode: `POST /api/<channel>` with the token in a header, answers are `Result` JSON;
 * events arrive as server-sent events on `/api/events`, opened once on the first listener.
 */
export function createHttpBridge(options: HttpBridgeOptions): RendererBridge {
  const base = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const createEventSource = options.createEventSource ?? ((url: string) => new EventSource(url));
  let source: EventSourceLike | null = null;
  let listenerCount = 0;
  const leaving = watchLeaving(
    options.page !== undefined ? options.page : typeof window === 'undefined' ? null : window,
  );

  return {
    mode: 'browser',
    async call<C extends Channel>(channel: C, args: ArgsOf<C>): Promise<Result<ResultOf<C>>> {
      let response: Response;
      try {
        response = await doFetch(`${base}/api/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [TOKEN_HEADER]: options.token },
          body: JSON.stringify(args ?? {}),
          ...(leaving() ? { keepalive: true } : {}),
        });
      } catch {
        return failure(t('bridge.unreachable'));
      }
      try {
        const body = (await response.json()) as Result<ResultOf<C>>;
        if (body && typeof body === 'object' && 'ok' in body) return body;
      } catch {
        // Not JSON: fall through to the status line below.
      }
      return failure(t('bridge.badAnswer', { channel: `${channel} (${response.status})` }));
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
      source ??= createEventSource(`${base}/api/events?token=${encodeURIComponent(options.token)}`);
      const current = source;
      listenerCount += 1;
      const handler = (message: MessageEvent): void => {
        try {
          listener(JSON.parse(String(message.data)) as EventPayloads[E]);
        } catch {
          // A malformed event is dropped; the next refresh brings the truth.
        }
      };
      current.addEventListener(event, handler);
      return () => {
        current.removeEventListener(event, handler);
        listenerCount -= 1;
        if (listenerCount === 0 && source === current) {
          current.close();
          source = null;
        }
      };
    },
    onMenu() {
      return () => undefined;
    },
  };
}

type TokenEnvironment = Readonly<{
  location: Pick<Location, 'search' | 'href'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
}>;

/**
 * Reads the session token from `?token=` once, keeps it in sessionStorage (so a reload still
 * works) and strips it from the address bar so it is not copied, bookmarked or shared.
 */
export function takeToken(env: TokenEnvironment): string | null {
  const url = new URL(env.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    env.storage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    env.history.replaceState(env.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  return env.storage.getItem(TOKEN_KEY);
}

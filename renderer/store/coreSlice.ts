import type { StateCreator } from 'zustand';
import type { ArgsOf, Channel, ResultOf } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/ipc/result';
import type { RendererBridge } from '../bridge/types';
import { logger } from '../lib/logger';
import type { AppState } from './types';

export type Notice = Readonly<{ id: number; kind: 'error' | 'info'; message: string }>;

export type CoreSlice = {
  bridge: RendererBridge;
  notices: readonly Notice[];
  /** Shows a calm message; info messages go away by themselves, errors stay until dismissed. */
  notify(kind: Notice['kind'], message: string): void;
  dismissNotice(id: number): void;
  /** Calls the backend. On an error value it shows the error's sentence and returns null. */
  request<C extends Channel>(channel: C, args: ArgsOf<C>): Promise<ResultOf<C> | null>;
  /** Calls the backend and hands back the error instead of showing it. */
  requestQuietly<C extends Channel>(
    channel: C,
    args: ArgsOf<C>,
  ): Promise<{ ok: true; value: ResultOf<C> } | { ok: false; error: AppError }>;
  /** Re-reads counts (codes, sources, an open frequency table) soon, once for a burst of writes. */
  scheduleRefresh(): void;
};

const INFO_LIFETIME_MS = 4000;
const REFRESH_DELAY_MS = 120;

/** The bridge, notices and the request helper every other slice writes through. */
export function createCoreSlice(bridge: RendererBridge): StateCreator<AppState, [], [], CoreSlice> {
  let nextNoticeId = 1;
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  return (set, get) => ({
    bridge,
    notices: [],
    notify(kind, message) {
      const id = nextNoticeId;
      nextNoticeId += 1;
      // One copy of a message at a time: a repeated error should not stack up.
      set((state) => ({
        notices: [...state.notices.filter((notice) => notice.message !== message), { id, kind, message }],
      }));
      if (kind === 'info') setTimeout(() => get().dismissNotice(id), INFO_LIFETIME_MS);
    },
    dismissNotice(id) {
      set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) }));
    },
    async request(channel, args) {
      const result = await get().requestQuietly(channel, args);
      if (result.ok) return result.value;
      logger.warn(`${channel}: ${result.error.code}: ${result.error.message}`);
      get().notify('error', result.error.message);
      return null;
    },
    async requestQuietly(channel, args) {
      const result = await get().bridge.call(channel, args);
      return result.ok ? { ok: true, value: result.value } : { ok: false, error: result.error };
    },
    scheduleRefresh() {
      if (refreshTimer !== null) clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => {
        refreshTimer = null;
        const state = get();
        if (state.project === null) return;
        void state.loadCodes();
        void state.loadSources();
        if (state.view === 'frequencies') void state.loadFrequencies();
      }, REFRESH_DELAY_MS);
    },
  });
}

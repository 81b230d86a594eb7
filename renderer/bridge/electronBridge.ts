import type { ArgsOf, Channel, EventName, EventPayloads, ResultOf } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import { t } from '../i18n';
import type { MenuCommand, RendererBridge } from './types';

/** The object the Electron preload exposes as `window.marginalia`. */
export type PreloadApi = Readonly<{
  invoke(channel: string, args: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  onMenu?(listener: (command: MenuCommand) => void): () => void;
}>;

function failure<T>(message: string): Result<T> {
  return { ok: false, error: { code: 'internal', message } };
}

/** Wraps the preload's `window.marginalia` in the Bridge type; a rejected invoke becomes an error value. */
export function createElectronBridge(api: PreloadApi): RendererBridge {
  return {
    mode: 'electron',
    async call<C extends Channel>(channel: C, args: ArgsOf<C>): Promise<Result<ResultOf<C>>> {
      try {
        const result = (await api.invoke(channel, args)) as Result<ResultOf<C>> | undefined;
        if (!result || typeof result !== 'object' || !('ok' in result)) {
          return failure(t('bridge.badAnswer', { channel }));
        }
        return result;
      } catch (error) {
        return failure(t('bridge.failed', { detail: error instanceof Error ? error.message : String(error) }));
      }
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
      return api.on(event, (payload) => listener(payload as EventPayloads[E]));
    },
    onMenu(listener) {
      return api.onMenu ? api.onMenu(listener) : () => undefined;
    },
  };
}

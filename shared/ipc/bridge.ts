import type { ArgsOf, Channel, EventName, EventPayloads, ResultOf } from './contract';
import type { Result } from './result';

/** What the renderer sees of the backend, whether it runs in Electron or in a browser. */
export type Bridge = Readonly<{
  call<C extends Channel>(channel: C, args: ArgsOf<C>): Promise<Result<ResultOf<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
}>;

/** Name under which the Electron preload exposes its bridge on `window`. */
export const BRIDGE_GLOBAL = 'marginalia';

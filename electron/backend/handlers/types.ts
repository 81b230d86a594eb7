import type { ArgsOf, Channel, ChannelResults, EventName, EventPayloads } from '../../../shared/ipc/contract';
import type { ProjectSession } from '../../services/session';

export type Handler<C extends Channel> = (args: ArgsOf<C>) => Promise<ChannelResults[C]> | ChannelResults[C];

/** Handlers for a set of channels; the backend's table is the union over every area. */
export type HandlersFor<C extends Channel> = { [K in C]: Handler<K> };

/** What a handler module gets from the backend: the open project, and the change events. */
export type HandlerContext = {
  /** The open project, or a UserError saying none is open. */
  need(): ProjectSession;
  /** Tells every window that `what` changed, and returns `value`. */
  changed<T>(what: EventPayloads['project:changed']['what'], value: T): T;
  emit<E extends EventName>(name: E, payload: EventPayloads[E]): void;
};

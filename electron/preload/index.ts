import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ArgsOf, Channel, EventName, EventPayloads, ResultOf } from '../../shared/ipc/contract';
import { BRIDGE_GLOBAL } from '../../shared/ipc/bridge';
import type { Result } from '../../shared/ipc/result';
import { EVENT_CHANNEL, INVOKE_CHANNEL, MENU_CHANNEL, isMenuCommand, type MenuCommand } from '../main/channels';

// The whole surface the page gets of Electron: three functions on `window.marginalia`. The
// preload runs sandboxed, so it is bundled to CommonJS (out/preload/index.cjs) and may import
// only 'electron' at run time — the contract and zod stay in main, which validates everything.
// Listeners never receive the IpcRendererEvent, which would hand the page `sender`.

/** What `window.marginalia` offers in Electron. `call` is `invoke` under the Bridge's name. */
export type ElectronBridge = Readonly<{
  invoke<C extends Channel>(channel: C, args: ArgsOf<C>): Promise<Result<ResultOf<C>>>;
  call<C extends Channel>(channel: C, args: ArgsOf<C>): Promise<Result<ResultOf<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
  onMenu(listener: (command: MenuCommand) => void): () => void;
}>;

function invoke<C extends Channel>(channel: C, args: ArgsOf<C>): Promise<Result<ResultOf<C>>> {
  return ipcRenderer.invoke(INVOKE_CHANNEL, channel, args) as Promise<Result<ResultOf<C>>>;
}

const bridge: ElectronBridge = {
  invoke,
  call: invoke,
  on(event, listener) {
    const forward = (_event: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (name === event) listener(payload as never);
    };
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
  onMenu(listener) {
    const forward = (_event: IpcRendererEvent, command: unknown): void => {
      if (isMenuCommand(command)) listener(command);
    };
    ipcRenderer.on(MENU_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(MENU_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);

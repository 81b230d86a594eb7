import type { IpcMainInvokeEvent } from 'electron';
import { channelArgs, type Channel } from '../../shared/ipc/contract';
import { fail, type Result } from '../../shared/ipc/result';
import type { Backend } from '../backend/backend';
import { toAppError } from '../util/errors';
import { logger } from '../util/logger';
import { isTrustedSender, type SenderInfo } from './security';

// The single `marginalia:invoke` handler: check who is asking, check what is asked (zod, the
// shared contract), then hand it to the backend. Every refusal is an error value, never a throw,
// so the renderer sees the same Result shape it gets from the backend.

/** The parts of an invoke event the handler reads (narrowed so tests can pass a fake). */
export type InvokeEvent = Readonly<{
  sender: Readonly<{ id: number }>;
  senderFrame: Readonly<{ url: string; parent: unknown }> | null;
}>;

export type InvokeHandlerOptions = Readonly<{
  backend: Pick<Backend, 'invoke' | 'openProjectAt' | 'recentProjects'>;
  /** id of the main window's webContents, or undefined while there is no window. */
  trustedWebContentsId: () => number | undefined;
  /** Called after a call that may have changed the project or the recent list (to rebuild the menu). */
  onProjectCall?: () => void;
}>;

/** What Electron tells us about the sender, in the shape `isTrustedSender` checks. */
export function senderInfo(event: InvokeEvent | IpcMainInvokeEvent): SenderInfo {
  try {
    const frame = event.senderFrame;
    return {
      frameUrl: frame?.url,
      // A top frame has no parent; a frame that is gone counts as not trusted.
      isMainFrame: frame !== null && frame.parent === null,
      webContentsId: event.sender.id,
    };
  } catch {
    // Electron throws when a frame was disposed while its message was in flight.
    return { frameUrl: undefined, isMainFrame: false, webContentsId: -1 };
  }
}

/** Builds the handler for `ipcMain.handle('marginalia:invoke', …)`. */
export function createInvokeHandler(
  options: InvokeHandlerOptions,
): (event: InvokeEvent | IpcMainInvokeEvent, channel: unknown, args: unknown) => Promise<Result<unknown>> {
  const { backend, trustedWebContentsId, onProjectCall } = options;

  return async (event, channel, args) => {
    const sender = senderInfo(event);
    if (!isTrustedSender(sender, trustedWebContentsId())) {
      logger.warn(`refused an IPC call from an untrusted sender (${sender.frameUrl ?? 'no frame'})`);
      return fail('invalid-arguments', 'This request did not come from the Marginalia window and was refused.');
    }
    if (typeof channel !== 'string' || !Object.hasOwn(channelArgs, channel)) {
      return fail('invalid-arguments', `Unknown request "${String(channel).slice(0, 100)}".`);
    }
    const name = channel as Channel;
    const parsed = channelArgs[name].safeParse(args ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
      return fail('invalid-arguments', `The request ${name} was malformed${where}: ${issue?.message ?? 'invalid'}.`);
    }

    try {
      if (name === 'projects:open') {
        const { path } = parsed.data as { path?: string };
        // The renderer may name only a project it was shown as recent; anything else must be
        // chosen in the Open dialog, so a compromised page cannot open files of its choosing.
        if (path !== undefined) {
          if (!backend.recentProjects().some((recent) => recent.path === path)) {
            return fail('invalid-arguments', 'Choose the project with File › Open.');
          }
          return await backend.openProjectAt(path);
        }
      }
      return await backend.invoke(name, parsed.data);
    } catch (error) {
      // The backend promises never to throw; if it does anyway the renderer still gets a value.
      logger.error(`${name} failed`, error);
      return { ok: false, error: toAppError(error) };
    } finally {
      if (name.startsWith('projects:')) onProjectCall?.();
    }
  };
}

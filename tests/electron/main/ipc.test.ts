import { describe, expect, it, vi } from 'vitest';
import type { RecentProject } from '../../../shared/domain/types';
import { ok } from '../../../shared/ipc/result';
import { createInvokeHandler, type InvokeEvent } from '../../../electron/main/ipc';

vi.mock('../../../electron/util/logger', () => ({ logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn() } }));

const WINDOW_ID = 3;
const recent: RecentProject = {
  path: '/home/r/乡村.marginalia',
  name: '乡村',
  openedAt: '2025-01-01T00:00:00Z',
  exists: true,
};

function setup() {
  const backend = {
    invoke: vi.fn(async (_channel: string, _args: unknown) => ok<unknown>([])),
    openProjectAt: vi.fn(async (path: string) => ok({ path }) as never),
    recentProjects: vi.fn(() => [recent]),
  };
  const onProjectCall = vi.fn();
  const handle = createInvokeHandler({ backend, trustedWebContentsId: () => WINDOW_ID, onProjectCall });
  return { backend, handle, onProjectCall };
}

function event(url: string | null, senderId = WINDOW_ID, parent: unknown = null): InvokeEvent {
  return { sender: { id: senderId }, senderFrame: url === null ? null : { url, parent } };
}

const ours = event('app://marginalia/index.html');

describe('the marginalia:invoke handler', () => {
  it('passes a valid call from our window to the backend', async () => {
    const { backend, handle } = setup();
    const result = await handle(ours, 'codes:list', {});
    expect(result).toEqual({ ok: true, value: [] });
    expect(backend.invoke).toHaveBeenCalledExactlyOnceWith('codes:list', {});
  });

  it('passes the validated arguments on', async () => {
    const { backend, handle } = setup();
    await handle(ours, 'coders:setCurrent', { name: '  王老师  ' });
    // zod trims names, so the backend sees the cleaned value.
    expect(backend.invoke).toHaveBeenCalledExactlyOnceWith('coders:setCurrent', { name: '王老师' });
  });

  it.each([
    ['a foreign page', event('https://evil.example/')],
    ['a file:// page', event('file:///tmp/x.html')],
    ['another app host', event('app://other/index.html')],
    ['another webContents', event('app://marginalia/index.html', 99)],
    ['an iframe in our page', event('app://marginalia/frame.html', WINDOW_ID, { url: 'app://marginalia/index.html' })],
    ['a frame that is gone', event(null)],
  ])('refuses %s with an error value and never calls the backend', async (_name, sender) => {
    const { backend, handle } = setup();
    const result = await handle(sender, 'codes:list', {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/refused/);
    expect(backend.invoke).not.toHaveBeenCalled();
    expect(backend.openProjectAt).not.toHaveBeenCalled();
  });

  it('refuses everything while there is no window', async () => {
    const backend = { invoke: vi.fn(), openProjectAt: vi.fn(), recentProjects: vi.fn(() => []) };
    const handle = createInvokeHandler({ backend, trustedWebContentsId: () => undefined });
    expect((await handle(ours, 'codes:list', {})).ok).toBe(false);
    expect(backend.invoke).not.toHaveBeenCalled();
  });

  it('refuses unknown channels and malformed arguments before the backend sees them', async () => {
    const { backend, handle } = setup();
    const unknown = await handle(ours, 'fs:readFile', { path: '/etc/passwd' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    const notString = await handle(ours, { toString: () => 'codes:list' }, {});
    expect(notString.ok).toBe(false);
    const inherited = await handle(ours, 'constructor', {});
    expect(inherited.ok).toBe(false);
    const extra = await handle(ours, 'codes:list', { sql: 'DROP TABLE codes' });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    const badId = await handle(ours, 'codes:delete', { codeId: '../../x' });
    expect(badId).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    expect(backend.invoke).not.toHaveBeenCalled();
  });

  it('opens a project path from the renderer only when it is a recent project', async () => {
    const { backend, handle } = setup();
    const refused = await handle(ours, 'projects:open', { path: '/etc/shadow.marginalia' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    expect(backend.openProjectAt).not.toHaveBeenCalled();
    expect(backend.invoke).not.toHaveBeenCalled();

    const opened = await handle(ours, 'projects:open', { path: recent.path });
    expect(opened.ok).toBe(true);
    expect(backend.openProjectAt).toHaveBeenCalledExactlyOnceWith(recent.path);
  });

  it('leaves Open without a path to the backend, which asks with a dialog', async () => {
    const { backend, handle } = setup();
    await handle(ours, 'projects:open', {});
    expect(backend.invoke).toHaveBeenCalledExactlyOnceWith('projects:open', {});
    expect(backend.openProjectAt).not.toHaveBeenCalled();
  });

  it('reports project calls so the recent menu can be rebuilt', async () => {
    const { handle, onProjectCall } = setup();
    await handle(ours, 'codes:list', {});
    expect(onProjectCall).not.toHaveBeenCalled();
    await handle(ours, 'projects:close', {});
    expect(onProjectCall).toHaveBeenCalledOnce();
  });

  it('turns a backend that throws into an error value', async () => {
    const { backend, handle } = setup();
    backend.invoke.mockRejectedValueOnce(new Error('disk on fire'));
    const result = await handle(ours, 'codes:list', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('treats a frame disposed mid-flight as untrusted', async () => {
    const { backend, handle } = setup();
    const disposed = {
      sender: { id: WINDOW_ID },
      get senderFrame(): never {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    expect((await handle(disposed, 'codes:list', {})).ok).toBe(false);
    expect(backend.invoke).not.toHaveBeenCalled();
  });
});

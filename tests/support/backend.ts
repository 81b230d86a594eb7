import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { browserHost, createBackend, type Backend } from '../../electron/backend/backend';

/** A browser-mode backend with its own home folder, closed and removed when the test ends. */
export function testBackend(): Backend {
  const home = mkdtempSync(join(tmpdir(), 'marginalia-backend-'));
  const backend = createBackend(browserHost(join(home, 'projects')), { homeDir: home });
  onTestFinished(() => {
    backend.close();
    rmSync(home, { recursive: true, force: true });
  });
  return backend;
}

/** The value of a contract call, or the test fails with the error the backend returned. */
export async function valueOf<T>(promise: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { closeProject, createProject, type NewProjectOptions } from '../../electron/services/project';
import { importFiles } from '../../electron/services/sources';
import type { ProjectSession } from '../../electron/services/session';
import type { SourceSummary } from '../../shared/domain/types';

/** A new project in a temporary folder, closed and removed when the test ends. */
export async function newTestProject(options: NewProjectOptions = {}): Promise<{ session: ProjectSession; dir: string; path: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'marginalia-test-'));
  const path = join(dir, 'study.marginalia');
  const session = await createProject(path, { coderName: 'Ana', ...options });
  onTestFinished(() => {
    closeProject(session);
    rmSync(dir, { recursive: true, force: true });
  });
  return { session, dir, path };
}

/** Imports one text as a source and returns it. */
export async function addText(
  session: ProjectSession,
  name: string,
  text: string,
  attributes: Record<string, string> = {},
): Promise<SourceSummary> {
  const report = await importFiles(session, [{ name: `${name}.txt`, data: new TextEncoder().encode(text) }], { attributes });
  if (report.imported.length !== 1) throw new Error(`import failed: ${JSON.stringify(report)}`);
  const { listSources } = await import('../../electron/services/sources');
  return listSources(session).find((source) => source.id === report.imported[0].sourceId) as SourceSummary;
}

import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceId } from '../../shared/domain/ids';
import { importPaths } from '../../electron/services/importing';
import { getSource, hashText, listSources } from '../../electron/services/sources';
import { BOMB_CAP_BYTES, writeGoodFiles, writeHostileFiles } from '../importers/hostile';
import { newTestProject } from '../support/project';

describe('a batch of good and hostile files on disk', () => {
  it('imports every good file whole, refuses each hostile one naming it and the reason, and leaves a sound project', async () => {
    const { session, dir } = await newTestProject();
    const folder = join(dir, 'batch');
    mkdirSync(folder);
    const good = writeGoodFiles(folder);
    const hostile = writeHostileFiles(folder);
    // The 2 GB file is sparse: it takes no disk, and only its size says 2 GB.
    expect(statSync(join(folder, 'huge.txt')).size).toBe(2 * 1024 ** 3);

    const report = await importPaths(session, [folder], { caps: { maxInflatedBytes: BOMB_CAP_BYTES } });

    const failed = new Map(report.failed.map((item) => [item.file.split(/[\\/]/).pop(), item.reason]));
    const imported = new Map(report.imported.map((item) => [item.file.split(/[\\/]/).pop(), item]));
    for (const expectation of hostile) {
      if (expectation.outcome === 'failed') {
        expect(failed.get(expectation.file), expectation.file).toMatch(expectation.reason);
        expect(imported.has(expectation.file), expectation.file).toBe(false);
      } else {
        expect(imported.get(expectation.file)?.notes.join(' '), expectation.file).toMatch(expectation.reason);
      }
    }
    expect(failed.size).toBe(hostile.filter((item) => item.outcome === 'failed').length);

    const sources = listSources(session);
    expect(sources).toHaveLength(Object.keys(good).length + hostile.filter((item) => item.outcome === 'imported').length);
    for (const [file, passage] of Object.entries(good)) {
      const entry = imported.get(file);
      expect(entry, file).toBeDefined();
      expect(getSource(session, entry?.sourceId as SourceId).text, file).toContain(passage);
    }
    // No partial source: every source is whole (its hash is its text's), and none came from a refused file.
    for (const source of sources) {
      const detail = getSource(session, source.id);
      expect(detail.text.length).toBeGreaterThan(0);
      expect(detail.textHash).toBe(hashText(detail.text));
    }
    const names = new Set(sources.map((source) => source.name));
    for (const expectation of hostile.filter((item) => item.outcome === 'failed')) {
      expect(names.has(expectation.file.replace(/\.[^.]+$/, '')), expectation.file).toBe(false);
    }
    expect(session.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(session.db.pragma('foreign_key_check')).toEqual([]);
  });
});

import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createProject } from '../electron/services/project';
import { listCodes } from '../electron/services/codes';
import type { ProjectSession } from '../electron/services/session';
import { hashText } from '../electron/services/sources';

const PROVINCES = ['Zhejiang', 'Anhui', 'Sichuan'];
const WORDS_EN = ['digital', 'platform', 'county', 'pilot', 'plan', 'data', 'service', 'citizen', 'budget', 'official', 'reform'];
const WORDS_ZH = ['数字', '政府', '平台', '数据', '共享', '试点', '考核', '基层', '治理', '服务', '企业', '资金'];

/** A deterministic pseudo-random generator, so every run measures the same data. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Mixed English and Chinese text of about `length` UTF-16 units, in paragraphs. */
export function generateText(length: number, random: () => number): string {
  const parts: string[] = [];
  let size = 0;
  while (size < length) {
    const chinese = random() < 0.5;
    const words = chinese ? WORDS_ZH : WORDS_EN;
    const count = 20 + Math.floor(random() * 40);
    let sentence = '';
    for (let index = 0; index < count; index += 1) {
      sentence += words[Math.floor(random() * words.length)] + (chinese ? '' : ' ');
    }
    sentence = chinese ? `${sentence}。` : `${sentence.trim()}.`;
    const paragraph = random() < 0.25 ? '\n' : chinese ? '' : ' ';
    parts.push(sentence + paragraph);
    size += sentence.length + paragraph.length;
  }
  return parts.join('').slice(0, length);
}

/**
 * A project with `sources` sources spread over three provinces and `codings` codings spread
 * over the digital-governance codebook. Rows are written directly, not through the change
 * log: this is a fixture for measuring queries, not a test of writing.
 */
export async function generateProject(dir: string, options: { sources: number; codings: number; sourceLength: number }): Promise<{ session: ProjectSession; path: string }> {
  const path = join(dir, `bench-${options.sources}-${options.codings}.marginalia`);
  const session = await createProject(path, { codebook: 'digital-governance', coderName: 'Bench' });
  const random = seeded(42);
  const codes = listCodes(session);
  const { db } = session;
  const provinceAttribute = randomUUID();
  const ids: { id: string; length: number }[] = [];
  db.transaction(() => {
    db.prepare("INSERT INTO attributes (id, name, type, position) VALUES (?, 'province', 'text', 0)").run(provinceAttribute);
    const insertSource = db.prepare(
      `INSERT INTO sources (id, name, kind, text, text_length, text_hash, original_name, original_type, structure, imported_at, position)
       VALUES (?, ?, 'other', ?, ?, ?, ?, 'text/plain', '[]', ?, ?)`,
    );
    const insertValue = db.prepare('INSERT INTO attribute_values (source_id, attribute_id, value) VALUES (?, ?, ?)');
    for (let index = 0; index < options.sources; index += 1) {
      const id = randomUUID();
      const text = generateText(options.sourceLength, random);
      insertSource.run(id, `source ${index}`, text, text.length, hashText(text), `source ${index}.txt`, new Date().toISOString(), index);
      // Every tenth source has no province, to exercise the "(none)" column.
      if (index % 10 !== 9) insertValue.run(id, provinceAttribute, PROVINCES[index % 3]);
      ids.push({ id, length: text.length });
    }
    const insertCoding = db.prepare(
      'INSERT INTO codings (id, source_id, code_id, start, end, coder_id, created_at, memo) VALUES (?, ?, ?, ?, ?, ?, ?, \'\')',
    );
    const now = new Date().toISOString();
    for (let index = 0; index < options.codings; index += 1) {
      const source = ids[Math.floor(random() * ids.length)];
      const start = Math.floor(random() * (source.length - 200));
      const end = start + 20 + Math.floor(random() * 180);
      const code = codes[Math.floor(random() * codes.length)];
      insertCoding.run(randomUUID(), source.id, code.id, start, end, session.coder.id, now);
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  return { session, path };
}

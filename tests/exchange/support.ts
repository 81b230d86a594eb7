import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'fflate';

/** The repository root (this file is tests/exchange/support.ts). */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/** Schemas, samples and guide shared beside the repository. */
export const refiDir = join(repoRoot, '..', 'shared', 'refi-qda');
export const samplesDir = join(refiDir, 'samples');
export const projectSchema = join(refiDir, 'schemas', 'Project-mrt2019.xsd');
export const codebookSchema = join(refiDir, 'schemas', 'Codebook.xsd');

/** Validates an XML document with xmllint against `schema`, offline; returns xmllint's verdict. */
export function validateWithXmllint(xml: string, schema: string): { valid: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'marginalia-xsd-'));
  const file = join(dir, 'document.xml');
  writeFileSync(file, xml, 'utf8');
  try {
    // xmllint prints "<file> validates" or the errors on stderr; the exit status decides.
    const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', schema, file], { encoding: 'utf8' });
    if (run.error) return { valid: false, output: `xmllint could not run: ${run.error.message}` };
    return { valid: run.status === 0, output: `${run.stderr}${run.stdout}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type RawZipEntry = {
  name: string;
  data: Uint8Array;
  /** 'deflate' (default) or 'store'. */
  method?: 'deflate' | 'store';
  /** Uncompressed size to write in the headers instead of the true one (a lying header). */
  declaredSize?: number;
  /** Unix file mode for the external attributes (0o120777 makes a symlink). */
  unixMode?: number;
};

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * Writes a ZIP by hand, so tests can build archives no well-behaved zip library would:
 * entries named "../x", symlinks, headers that lie about sizes.
 */
export function buildZip(entries: readonly RawZipEntry[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = new TextEncoder().encode(entry.name);
    const method = entry.method === 'store' ? 0 : 8;
    const payload = method === 0 ? entry.data : deflateSync(entry.data);
    const size = entry.declaredSize ?? entry.data.length;
    const crc = crc32(entry.data);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x0800, true);
    lv.setUint16(8, method, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, payload.length, true);
    lv.setUint32(22, size, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, entry.unixMode !== undefined ? (3 << 8) | 20 : 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x0800, true);
    cv.setUint16(10, method, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, payload.length, true);
    cv.setUint32(24, size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(38, entry.unixMode !== undefined ? (entry.unixMode << 16) >>> 0 : 0, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, payload);
    centrals.push(central);
    offset += local.length + payload.length;
  }
  const centralSize = centrals.reduce((total, part) => total + part.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, centralSize, true);
  ev.setUint32(16, offset, true);
  const parts = [...locals, ...centrals, end];
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

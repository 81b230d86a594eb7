// Office files (docx, xlsx, odt) are zips, and a zip is the easiest hostile input there is:
// entries named "../../x", bombs that inflate to gigabytes, headers that lie about sizes.
// mammoth and exceljs inflate whatever they are given, so every zip is checked here first:
// the central directory is read by hand (fflate's listing exposes no offsets or flags), each
// part the reader needs is inflated with fflate's streaming Inflate under a byte budget, and
// the reader gets a fresh zip holding only those checked parts.
import { Inflate, zipSync } from 'fflate';
import { keyed, UserError } from '../util/errors';
import { formatBytes, formatCount } from './caps';
import type { ImportCaps } from './types';

export type ZipEntry = Readonly<{
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}>;

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function damaged(fileName: string, what: string): UserError {
  return new UserError(
    'unsupported-format',
    `${fileName} is damaged or incomplete (${what}); open it in the program that made it, save it again, and import the new copy.`,
    keyed('import.zipDamaged', { file: fileName, detail: what }),
  );
}

/** True for an OLE compound file: an old Office document, or an encrypted (password) new one. */
export function isOleFile(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && OLE_MAGIC.every((value, index) => bytes[index] === value);
}

/** True when an OLE file holds an encrypted Office package (its directory names the stream). */
export function isEncryptedOfficePackage(bytes: Uint8Array): boolean {
  const name = Buffer.from('EncryptedPackage', 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(name);
}

function readUint64(view: DataView, offset: number): number {
  const value = view.getBigUint64(offset, true);
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

/** Why an entry name is unsafe to unpack (zip slip), or null. */
function unsafeName(name: string): string | null {
  const normalised = name.replace(/\\/g, '/');
  if (name.includes('\0')) return 'contains a zero byte';
  if (normalised.startsWith('/') || /^[A-Za-z]:/.test(normalised)) return 'is an absolute path';
  if (normalised.split('/').includes('..')) return 'climbs out of the archive with ".."';
  return null;
}

/**
 * Lists a zip's entries from its central directory and refuses what must not be unpacked:
 * unsafe names, encryption, unknown compression, too many entries, declared sizes over the cap.
 */
export function listZip(bytes: Uint8Array, fileName: string, caps: ImportCaps): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let offset = bytes.length - 22; offset >= Math.max(0, bytes.length - 22 - 0xffff); offset -= 1) {
    if (view.getUint32(offset, true) === EOCD) {
      eocd = offset;
      break;
    }
  }
  if (eocd < 0) throw damaged(fileName, 'the end of its zip directory is missing; the file may have been cut short');
  let count = view.getUint16(eocd + 10, true);
  let directorySize = view.getUint32(eocd + 12, true);
  let directoryOffset = view.getUint32(eocd + 16, true);
  if ((count === 0xffff || directoryOffset === 0xffffffff) && eocd >= 20 && view.getUint32(eocd - 20, true) === ZIP64_LOCATOR) {
    const record = readUint64(view, eocd - 12);
    if (record + 56 > bytes.length || view.getUint32(record, true) !== ZIP64_EOCD) throw damaged(fileName, 'its ZIP64 directory is broken');
    count = readUint64(view, record + 32);
    directorySize = readUint64(view, record + 40);
    directoryOffset = readUint64(view, record + 48);
  }
  if (count > caps.maxZipEntries) {
    throw new UserError(
      'unsupported-format',
      `${fileName} holds ${formatCount(count)} files inside, more than the ${formatCount(caps.maxZipEntries)} Marginalia accepts (maxZipEntries); it is not an ordinary document.`,
      keyed('import.zipEntries', { file: fileName, count, cap: caps.maxZipEntries }),
    );
  }
  if (directoryOffset + directorySize > bytes.length) throw damaged(fileName, 'its zip directory points past the end of the file');

  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let declaredTotal = 0;
  let offset = directoryOffset;
  const decoder = new TextDecoder('utf-8');
  for (let index = 0; index < count; index += 1) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL) throw damaged(fileName, 'its zip directory is broken');
    const flags = view.getUint16(offset + 8, true);
    const method = view.getUint16(offset + 10, true);
    let compressedSize = view.getUint32(offset + 20, true);
    let size = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    let localOffset = view.getUint32(offset + 42, true);
    if (offset + 46 + nameLength + extraLength > bytes.length) throw damaged(fileName, 'its zip directory is broken');
    const name = decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    // ZIP64 extra field: the 64-bit values appear in this order, only for fields set to 0xFFFFFFFF.
    let extra = offset + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = view.getUint16(extra, true);
      const dataSize = view.getUint16(extra + 2, true);
      if (id === 0x0001) {
        let field = extra + 4;
        if (size === 0xffffffff && field + 8 <= extraEnd) {
          size = readUint64(view, field);
          field += 8;
        }
        if (compressedSize === 0xffffffff && field + 8 <= extraEnd) {
          compressedSize = readUint64(view, field);
          field += 8;
        }
        if (localOffset === 0xffffffff && field + 8 <= extraEnd) localOffset = readUint64(view, field);
      }
      extra += 4 + dataSize;
    }
    offset = extraEnd + commentLength;

    const unsafe = unsafeName(name);
    if (unsafe) {
      throw new UserError(
        'unsupported-format',
        `${fileName} contains a file named "${name}" that ${unsafe}; an ordinary document never does, so Marginalia refuses it.`,
        keyed('import.zipUnsafeName', { file: fileName, name }),
      );
    }
    if (names.has(name)) throw damaged(fileName, `it lists "${name}" twice`);
    names.add(name);
    if (flags & 0x1) {
      throw new UserError(
        'unsupported-format',
        `${fileName} is password-protected (its parts are encrypted); remove the password, save it, and import it again.`,
        keyed('import.encrypted', { file: fileName }),
      );
    }
    if (method !== 0 && method !== 8) {
      throw new UserError(
        'unsupported-format',
        `${fileName} uses a compression method (${method}) that Office programs do not use; save it again from Word, LibreOffice or Excel.`,
        keyed('import.zipMethod', { file: fileName, method }),
      );
    }
    declaredTotal += size;
    if (declaredTotal > caps.maxInflatedBytes) throw bomb(fileName, caps);
    entries.push({ name, method, flags, compressedSize, size, localOffset });
  }
  return entries;
}

function bomb(fileName: string, caps: ImportCaps): UserError {
  return new UserError(
    'unsupported-format',
    `${fileName} expands to more than ${formatBytes(caps.maxInflatedBytes)} when unpacked (maxInflatedBytes), far more than any document's text needs; it looks like a zip bomb, so Marginalia refuses it.`,
    keyed('import.zipBomb', { file: fileName, cap: formatBytes(caps.maxInflatedBytes) }),
  );
}

const INFLATE_CHUNK = 16 * 1024;

/** Inflates one entry, refusing as soon as the running total passes the budget. */
function inflateEntry(bytes: Uint8Array, entry: ZipEntry, fileName: string, budget: { left: number }, caps: ImportCaps): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const local = entry.localOffset;
  if (local + 30 > bytes.length || view.getUint32(local, true) !== LOCAL) throw damaged(fileName, `the part "${entry.name}" is missing`);
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw damaged(fileName, `the part "${entry.name}" is cut short`);
  const data = bytes.subarray(start, end);
  if (entry.method === 0) {
    if (entry.size !== entry.compressedSize) throw damaged(fileName, `the part "${entry.name}" has the wrong size`);
    budget.left -= data.length;
    if (budget.left < 0) throw bomb(fileName, caps);
    return data;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  let finished = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    budget.left -= chunk.length;
    // Declared sizes can lie: stop the moment the real output passes the cap.
    if (budget.left < 0) throw bomb(fileName, caps);
    chunks.push(chunk);
    if (final) finished = true;
  });
  try {
    for (let offset = 0; offset < data.length; offset += INFLATE_CHUNK) {
      inflater.push(data.subarray(offset, offset + INFLATE_CHUNK), offset + INFLATE_CHUNK >= data.length);
    }
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw damaged(fileName, `the part "${entry.name}" cannot be unpacked`);
  }
  if (!finished || total !== entry.size) throw damaged(fileName, `the part "${entry.name}" is cut short or has the wrong size`);
  const out = new Uint8Array(total);
  let position = 0;
  for (const chunk of chunks) {
    out.set(chunk, position);
    position += chunk.length;
  }
  return out;
}

export type CheckedZip = Readonly<{
  entries: readonly ZipEntry[];
  /** The inflated parts that were asked for, by name. */
  parts: ReadonlyMap<string, Uint8Array>;
}>;

/** Lists and checks a zip, then inflates the parts `wanted` selects under the inflated-size cap. */
export function readZip(bytes: Uint8Array, fileName: string, caps: ImportCaps, wanted: (name: string) => boolean): CheckedZip {
  const entries = listZip(bytes, fileName, caps);
  const budget = { left: caps.maxInflatedBytes };
  const parts = new Map<string, Uint8Array>();
  for (const entry of entries) {
    if (entry.name.endsWith('/') || !wanted(entry.name)) continue;
    parts.set(entry.name, inflateEntry(bytes, entry, fileName, budget, caps));
  }
  return { entries, parts };
}

/**
 * A fresh, uncompressed zip holding the checked parts, and empty placeholders for the rest
 * (images): the library that reads it sees only bytes that passed the checks.
 */
export function rebuildZip(zip: CheckedZip): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const entry of zip.entries) {
    if (entry.name.endsWith('/')) continue;
    files[entry.name] = zip.parts.get(entry.name) ?? new Uint8Array(0);
  }
  return zipSync(files, { level: 0 });
}

/** True for the parts of an Office zip that are XML. */
export function isXmlPart(name: string): boolean {
  return /\.(xml|rels)$/i.test(name);
}

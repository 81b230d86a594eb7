import { Inflate, zipSync, type Zippable } from 'fflate';
import { UserError } from '../util/errors';

/*
 * A small ZIP reader that treats every archive as hostile (REFI-QDA GUIDE.md §8). It reads
 * the central directory itself instead of trusting an unzip library, refuses entries that
 * could escape a folder (zip slip) or point elsewhere (symlinks), and inflates one entry at
 * a time in small slices, counting the output as it grows, so a zip bomb is stopped after a
 * few megabytes rather than after it has filled memory. Nothing is ever written to disk.
 */

/** Caps on what an archive may make us inflate. Lower them in tests to exercise refusals. */
export type ZipLimits = Readonly<{
  /** Entries in the central directory. */
  maxEntries: number;
  /** Inflated bytes of any one entry we read. */
  maxEntryBytes: number;
  /** Inflated bytes of all entries we read, together. */
  maxTotalBytes: number;
  /**
   * Inflated ÷ compressed size, checked once an entry passes 64 MiB. Highly repetitive but
   * genuine text can exceed 200:1 at a few megabytes, so small entries are left to the size caps.
   */
  maxRatio: number;
}>;

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 20_000,
  maxEntryBytes: 512 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
};

export type ZipEntry = Readonly<{
  name: string;
  compressedSize: number;
  size: number;
  method: number;
  encrypted: boolean;
  crc: number;
  localHeaderOffset: number;
}>;

export type ZipArchive = Readonly<{
  entries: readonly ZipEntry[];
  /** Inflates one entry, enforcing the limits while it inflates. */
  read(entry: ZipEntry): Uint8Array;
}>;

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/** Compressed bytes pushed per step: deflate expands at most ~1032×, so one step yields ≤ ~4 MiB. */
const INFLATE_SLICE = 4096;
const RATIO_CHECK_FLOOR = 64 * 1024 * 1024;

function refuse(fileName: string, reason: string): never {
  throw new UserError('unsupported-format', `${fileName} was refused: ${reason}`);
}

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
  for (let index = 0; index < bytes.length; index += 1) crc = CRC_TABLE[(crc ^ bytes[index]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Why an entry name is unsafe, or null when it is a plain relative path. */
export function unsafeEntryReason(name: string): string | null {
  if (name.includes('\0')) return 'its name contains a NUL character';
  if (name.startsWith('/') || name.startsWith('\\')) return 'it has an absolute path';
  if (/^[a-zA-Z]:/.test(name)) return 'it names a drive letter';
  if (name.includes('\\')) return 'its path uses backslashes';
  if (name.split('/').some((segment) => segment === '..')) return 'its path climbs out of the archive with ".."';
  return null;
}

/** Opens a ZIP held in memory. Structural problems and unsafe entries are refused with a UserError naming `fileName`. */
export function openZip(bytes: Uint8Array, fileName: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipArchive {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record sits in the last 22 bytes plus a comment of up to 64 KiB.
  let eocd = -1;
  for (let offset = bytes.length - 22; offset >= Math.max(0, bytes.length - 22 - 0xffff); offset -= 1) {
    if (view.getUint32(offset, true) === EOCD_SIGNATURE) {
      eocd = offset;
      break;
    }
  }
  if (eocd < 0) refuse(fileName, 'it is not a ZIP archive (a .qdpx is a ZIP file), or it is damaged.');
  const totalEntries = view.getUint16(eocd + 10, true);
  const directorySize = view.getUint32(eocd + 12, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  if (totalEntries === 0xffff || directoryOffset === 0xffffffff || directorySize === 0xffffffff) {
    refuse(fileName, 'it uses the ZIP64 format (over 4 GB or 65,535 files), which Marginalia cannot read yet.');
  }
  if (totalEntries > limits.maxEntries) {
    refuse(fileName, `it holds ${totalEntries} files, more than the ${limits.maxEntries} an exchange file may have.`);
  }
  if (directoryOffset + directorySize > eocd)
    refuse(fileName, 'its table of contents points outside the file (damaged or crafted).');

  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let offset = directoryOffset;
  const decoder = new TextDecoder('utf-8');
  for (let index = 0; index < totalEntries; index += 1) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL_SIGNATURE) {
      refuse(fileName, 'its table of contents is damaged.');
    }
    const madeBy = view.getUint16(offset + 4, true);
    const flags = view.getUint16(offset + 8, true);
    const method = view.getUint16(offset + 10, true);
    const crc = view.getUint32(offset + 16, true);
    const compressedSize = view.getUint32(offset + 20, true);
    const size = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const externalAttributes = view.getUint32(offset + 38, true);
    const localHeaderOffset = view.getUint32(offset + 42, true);
    if (offset + 46 + nameLength > bytes.length) refuse(fileName, 'its table of contents is damaged.');
    const name = decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;

    const unsafe = unsafeEntryReason(name);
    if (unsafe) refuse(fileName, `the entry "${name}" is unsafe: ${unsafe} (a "zip slip" attack).`);
    // Unix symlinks: the high 16 bits of the external attributes hold the file mode.
    const unixMode = (externalAttributes >>> 16) & 0o170000;
    if (madeBy >> 8 === 3 && unixMode === 0o120000) refuse(fileName, `the entry "${name}" is a symbolic link.`);
    const key = name.toLowerCase();
    if (seen.has(key)) refuse(fileName, `it holds "${name}" twice, so which one is meant is ambiguous.`);
    seen.add(key);
    entries.push({ name, compressedSize, size, method, encrypted: (flags & 1) === 1, crc, localHeaderOffset });
  }

  let inflatedTotal = 0;
  const read = (entry: ZipEntry): Uint8Array => {
    if (entry.encrypted) refuse(fileName, `"${entry.name}" is encrypted.`);
    if (entry.method !== 0 && entry.method !== 8)
      refuse(fileName, `"${entry.name}" uses an unsupported compression method (${entry.method}).`);
    if (entry.size > limits.maxEntryBytes) {
      refuse(
        fileName,
        `"${entry.name}" would unpack to ${entry.size} bytes, more than the limit of ${limits.maxEntryBytes} (a "zip bomb" guard).`,
      );
    }
    const local = entry.localHeaderOffset;
    if (local + 30 > bytes.length || view.getUint32(local, true) !== LOCAL_SIGNATURE)
      refuse(fileName, `"${entry.name}" is damaged.`);
    const dataStart = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const dataEnd = dataStart + entry.compressedSize;
    if (dataEnd > bytes.length) refuse(fileName, `"${entry.name}" runs past the end of the archive.`);
    const compressed = bytes.subarray(dataStart, dataEnd);

    let output: Uint8Array;
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.size) refuse(fileName, `"${entry.name}" has inconsistent sizes.`);
      output = compressed;
    } else {
      const chunks: Uint8Array[] = [];
      let produced = 0;
      const bomb = (why: string): never =>
        refuse(fileName, `"${entry.name}" ${why}; this is how a "zip bomb" fills memory, so the file is not read.`);
      const inflater = new Inflate((chunk) => {
        produced += chunk.length;
        // Checked on every chunk, while inflating: the declared size is not trusted.
        if (produced > entry.size) bomb(`unpacks to more than the ${entry.size} bytes its header declares`);
        if (produced > limits.maxEntryBytes) bomb(`unpacks to more than the limit of ${limits.maxEntryBytes} bytes`);
        if (inflatedTotal + produced > limits.maxTotalBytes) {
          bomb(`takes the unpacked files over the limit of ${limits.maxTotalBytes} bytes together`);
        }
        if (produced > RATIO_CHECK_FLOOR && produced / Math.max(1, entry.compressedSize) > limits.maxRatio) {
          bomb(`is compressed more than ${limits.maxRatio} to 1`);
        }
        chunks.push(chunk);
      });
      try {
        if (compressed.length === 0) inflater.push(new Uint8Array(0), true);
        for (let start = 0; start < compressed.length; start += INFLATE_SLICE) {
          const end = Math.min(compressed.length, start + INFLATE_SLICE);
          inflater.push(compressed.subarray(start, end), end === compressed.length);
        }
      } catch (error) {
        if (error instanceof UserError) throw error;
        refuse(
          fileName,
          `"${entry.name}" could not be unpacked (${error instanceof Error ? error.message : String(error)}).`,
        );
      }
      if (produced !== entry.size) refuse(fileName, `"${entry.name}" is damaged (its size does not match).`);
      output = new Uint8Array(produced);
      let at = 0;
      for (const chunk of chunks) {
        output.set(chunk, at);
        at += chunk.length;
      }
    }
    if (crc32(output) !== entry.crc) refuse(fileName, `"${entry.name}" is damaged (checksum mismatch).`);
    inflatedTotal += output.length;
    if (inflatedTotal > limits.maxTotalBytes)
      refuse(fileName, `its files unpack to more than ${limits.maxTotalBytes} bytes together.`);
    return output;
  };
  return { entries, read };
}

/** A file to put into a ZIP archive. */
export type ZipFile = Readonly<{ name: string; data: Uint8Array }>;

/**
 * Builds a ZIP archive. Entry times are fixed (1980-01-01) so the same project always gives
 * the same bytes; the real dates travel inside project.qde.
 */
export function writeZip(files: readonly ZipFile[]): Uint8Array {
  const zippable: Zippable = {};
  for (const file of files) {
    const unsafe = unsafeEntryReason(file.name);
    if (unsafe) throw new Error(`Refusing to write the ZIP entry "${file.name}": ${unsafe}.`);
    zippable[file.name] = [file.data, { level: 6 }];
  }
  return zipSync(zippable, { mtime: new Date(1980, 0, 1, 12, 0, 0) });
}

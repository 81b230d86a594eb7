import type { KeyedMessage } from '../../shared/domain/types';
import { keyed, UserError } from '../util/errors';
import type { ImportCaps } from './types';

/** The limits used unless a call or the researcher sets others (docs/IMPORT.md). */
export const DEFAULT_CAPS: ImportCaps = Object.freeze({
  maxFileBytes: 200 * 1024 * 1024,
  maxInflatedBytes: 500 * 1024 * 1024,
  maxZipEntries: 10_000,
  maxPdfPages: 5_000,
  maxCues: 200_000,
  maxTextChars: 50_000_000,
});

/** Fills a partial set of caps from the defaults; non-positive or non-numeric values are refused. */
export function resolveCaps(caps: Partial<ImportCaps> | undefined): ImportCaps {
  const merged = { ...DEFAULT_CAPS, ...caps };
  for (const [name, value] of Object.entries(merged)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new UserError('invalid-arguments', `The import limit ${name} must be a positive number.`);
    }
  }
  return merged;
}

/** Writes a byte count the way a researcher reads it (1.5 MB, 2.0 GB). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Formats a count with thousands separators, for messages. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** Throws the researcher-facing error when a file is larger than the size cap; call it before reading. */
export function checkFileSize(fileName: string, sizeInBytes: number, caps?: Partial<ImportCaps>): void {
  const { maxFileBytes } = resolveCaps(caps);
  if (sizeInBytes > maxFileBytes) {
    throw new UserError(
      'unsupported-format',
      `${fileName} is ${formatBytes(sizeInBytes)}, larger than the ${formatBytes(maxFileBytes)} Marginalia imports in one file (maxFileBytes); split it into smaller files or raise the limit.`,
      keyed('import.tooLarge', { file: fileName, size: formatBytes(sizeInBytes), cap: formatBytes(maxFileBytes) }),
    );
  }
}

/** Throws when a reader's text grew past the text cap. */
export function checkTextLength(fileName: string, length: number, caps: ImportCaps): void {
  if (length > caps.maxTextChars) {
    throw new UserError(
      'unsupported-format',
      `${fileName} holds more than ${formatCount(caps.maxTextChars)} characters of text, the most one source may have (maxTextChars); split it into smaller files or raise the limit.`,
      keyed('import.tooLong', { file: fileName, cap: caps.maxTextChars }),
    );
  }
}

/** Adds a note to a reader's notes with its key (NoteKeys), so the interface can translate it. */
export function addNote(notes: string[], noteKeys: Record<string, KeyedMessage>, note: string, key: KeyedMessage): void {
  notes.push(note);
  noteKeys[note] = key;
}

import { decodeText, normaliseText } from './encoding';
import { finishDocument, lineStructure } from './structure';
import type { ImportCaps, ParsedDocument, ParseOptions } from './types';

export { normaliseText, lineStructure };

/**
 * Reads a .txt or .md file: decoded (BOM, strict UTF-8, detector or the researcher's choice),
 * one paragraph per line, Markdown headings, speaker turns and 第N条 articles.
 */
export function readPlainText(
  bytes: Uint8Array,
  fileName: string,
  markdown: boolean,
  caps: ImportCaps,
  options: ParseOptions = {},
): ParsedDocument {
  const decoded = decodeText(bytes, fileName, { encoding: options.encoding });
  return finishDocument(fileName, caps, {
    text: decoded.text,
    structure: lineStructure(decoded.text, markdown),
    notes: decoded.notes,
    noteKeys: decoded.noteKeys,
    mimeType: markdown ? 'text/markdown' : 'text/plain',
    ...(decoded.bytesAreText ? { bytesAreText: true } : {}),
  });
}

import { keyed, UserError } from '../util/errors';

/** Decodes an XML part's bytes (UTF-8, or UTF-16 when it starts with a BOM). */
export function xmlPartText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

/**
 * Refuses an XML part that declares a document type or entities. Office and ODF files never
 * do; in a hostile file they are how an entity bomb ("billion laughs") or an external entity
 * (SYSTEM "file:///etc/passwd") reaches the XML parser inside mammoth or exceljs.
 */
export function refuseDoctype(xml: string, fileName: string, partName: string): void {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    throw new UserError(
      'unsupported-format',
      `${fileName} contains a document type declaration (<!DOCTYPE> or <!ENTITY>) in its part "${partName}"; Office programs never write one and it can be used to attack the reader, so Marginalia refuses the file.`,
      keyed('import.xmlDoctype', { file: fileName, part: partName }),
    );
  }
}

/** Decodes the five XML entities and numeric character references, in one pass. */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#(\d{1,8})|#x([0-9a-fA-F]{1,7})|(lt|gt|amp|quot|apos));/g, (_match, decimal, hex, name) => {
    if (name) return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[name as 'lt'] ?? '';
    const code = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex, 16);
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\uFFFD';
    return String.fromCodePoint(code);
  });
}

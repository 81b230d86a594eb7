// Builders for the importer tests' fixtures: real WordprocessingML and ODF zips made with
// fflate, PDFs written by hand (with a correct xref table, a CJK font and, optionally, real
// RC4 encryption), and an OLE compound file like the one Office writes for an encrypted docx.
import { createHash } from 'node:crypto';
import { strToU8, zipSync, type Zippable } from 'fflate';

// ---------------------------------------------------------------- docx

const W_NAMESPACES =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
  'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ' +
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
  'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"';

/** Escapes text for XML content. */
export function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A Word paragraph, optionally with a paragraph style (Heading1 …). */
export function wParagraph(text: string, style?: string): string {
  const properties = style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : '';
  return `<w:p>${properties}<w:r><w:t xml:space="preserve">${xmlText(text)}</w:t></w:r></w:p>`;
}

/** A numbered (numId 1) or bulleted (numId 2) list item at a level. */
export function wListItem(text: string, numId: 1 | 2, level = 0): string {
  return `<w:p><w:pPr><w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="${numId}"/></w:numPr></w:pPr><w:r><w:t>${xmlText(text)}</w:t></w:r></w:p>`;
}

/** A table from rows of cells. */
export function wTable(rows: readonly (readonly string[])[]): string {
  const cells = (row: readonly string[]): string => row.map((cell) => `<w:tc>${wParagraph(cell)}</w:tc>`).join('');
  return `<w:tbl>${rows.map((row) => `<w:tr>${cells(row)}</w:tr>`).join('')}</w:tbl>`;
}

/** A paragraph with a footnote reference after `before`. */
export function wFootnoteParagraph(before: string, footnoteId: number, after: string): string {
  return `<w:p><w:r><w:t xml:space="preserve">${xmlText(before)}</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="${footnoteId}"/></w:r><w:r><w:t xml:space="preserve">${xmlText(after)}</w:t></w:r></w:p>`;
}

/** A paragraph holding an inline picture (relationship rIdImage1). */
export function wImageParagraph(after: string): string {
  return `<w:p><w:r><w:drawing><wp:inline><wp:extent cx="100" cy="100"/><wp:docPr id="1" name="Picture 1" descr="a chart"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="chart.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdImage1"/></pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r><w:r><w:t xml:space="preserve">${xmlText(after)}</w:t></w:r></w:p>`;
}

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles ${W_NAMESPACES}>
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/></w:style>
  <w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/></w:style>
</w:styles>`;

const NUMBERING = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering ${W_NAMESPACES}>
  <w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/></w:lvl></w:abstractNum>
  <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>`;

export type DocxOptions = {
  body: string;
  footnotes?: Readonly<Record<number, string>>;
  /** Replace or add parts (e.g. a hostile word/styles.xml). */
  parts?: Readonly<Record<string, string | Uint8Array>>;
  /** Prepended to word/document.xml after the XML declaration (a DOCTYPE). */
  prolog?: string;
  image?: boolean;
};

/** The files of a minimal but complete .docx package, before zipping. */
export function docxFiles(options: DocxOptions): Record<string, Uint8Array> {
  const footnotes = options.footnotes ?? {};
  const footnoteXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes ${W_NAMESPACES}>
  <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
  ${Object.entries(footnotes).map(([id, text]) => `<w:footnote w:id="${id}">${wParagraph(text)}</w:footnote>`).join('')}
</w:footnotes>`;
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
  <Default Extension="xml" ContentType="application/xml"/>
  <Default Extension="png" ContentType="image/png"/>
  <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
  <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
  <Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
  <Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>
</Types>`),
    '_rels/.rels': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`),
    'word/_rels/document.xml.rels': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
  <Relationship Id="rIdNumbering" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
  <Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>
  <Relationship Id="rIdImage1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>
</Relationships>`),
    'word/document.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${options.prolog ?? ''}<w:document ${W_NAMESPACES}><w:body>${options.body}<w:sectPr/></w:body></w:document>`,
    ),
    'word/styles.xml': strToU8(STYLES),
    'word/numbering.xml': strToU8(NUMBERING),
    'word/footnotes.xml': strToU8(footnoteXml),
  };
  if (options.image) files['word/media/image1.png'] = PNG_1x1;
  for (const [name, content] of Object.entries(options.parts ?? {})) {
    files[name] = typeof content === 'string' ? strToU8(content) : content;
  }
  return files;
}

/** A .docx file's bytes. */
export function buildDocx(options: DocxOptions): Uint8Array {
  return zipSync(docxFiles(options));
}

/** Zips files as given (names unchecked, so hostile names can be written). */
export function zip(files: Zippable): Uint8Array {
  return zipSync(files);
}

export const PNG_1x1 = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
);

// ---------------------------------------------------------------- odt

const ODF_NAMESPACES =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ' +
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" ' +
  'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"';

export type OdtOptions = {
  /** The inside of office:text. */
  body: string;
  prolog?: string;
  parts?: Readonly<Record<string, string>>;
  manifestExtra?: string;
};

/** An .odt file's bytes: mimetype first and stored, manifest, content.xml, styles.xml. */
export function buildOdt(options: OdtOptions): Uint8Array {
  const files: Zippable = {
    mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
    'META-INF/manifest.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
  <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
  <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">${options.manifestExtra ?? ''}</manifest:file-entry>
  <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
</manifest:manifest>`),
    'content.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?>\n${options.prolog ?? ''}<office:document-content ${ODF_NAMESPACES} office:version="1.2"><office:body><office:text>${options.body}</office:text></office:body></office:document-content>`,
    ),
    'styles.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles ${ODF_NAMESPACES} office:version="1.2"/>`),
  };
  for (const [name, content] of Object.entries(options.parts ?? {})) files[name] = strToU8(content);
  return zipSync(files);
}

// ---------------------------------------------------------------- zip surgery

/** Sets the uncompressed size an entry declares, in both its local header and the central directory (a lying zip). */
export function forgeDeclaredSize(bytes: Uint8Array, entryName: string, size: number): Uint8Array {
  const copy = new Uint8Array(bytes);
  const view = new DataView(copy.buffer);
  const name = Buffer.from(entryName);
  for (let offset = 0; offset + 46 < copy.length; offset += 1) {
    const signature = view.getUint32(offset, true);
    if (signature === 0x04034b50 && Buffer.from(copy.subarray(offset + 30, offset + 30 + name.length)).equals(name)) {
      view.setUint32(offset + 22, size, true);
    }
    if (signature === 0x02014b50 && Buffer.from(copy.subarray(offset + 46, offset + 46 + name.length)).equals(name)) {
      view.setUint32(offset + 24, size, true);
    }
  }
  return copy;
}

// ---------------------------------------------------------------- OLE compound file

/**
 * A minimal, structurally valid OLE compound file (version 3, 512-byte sectors) holding the
 * named streams of 4096 bytes each: the container Office uses for an encrypted .docx
 * (EncryptionInfo + EncryptedPackage) and for the old binary .doc (WordDocument).
 */
export function buildCompoundFile(streamNames: readonly string[]): Uint8Array {
  const sector = 512;
  const streamSectors = 8; // 4096 bytes each, at the mini-stream cutoff, so in regular sectors
  const total = 2 + streamNames.length * streamSectors;
  const bytes = new Uint8Array(sector * (1 + total));
  const view = new DataView(bytes.buffer);
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  view.setUint16(0x18, 0x003e, true);
  view.setUint16(0x1a, 0x0003, true);
  view.setUint16(0x1c, 0xfffe, true);
  view.setUint16(0x1e, 9, true);
  view.setUint16(0x20, 6, true);
  view.setUint32(0x2c, 1, true); // FAT sectors
  view.setUint32(0x30, 1, true); // first directory sector
  view.setUint32(0x38, 4096, true); // mini stream cutoff
  view.setUint32(0x3c, 0xfffffffe, true); // no mini FAT
  view.setUint32(0x44, 0xfffffffe, true); // no DIFAT sectors
  view.setUint32(0x4c, 0, true); // DIFAT[0] = sector 0
  for (let index = 1; index < 109; index += 1) view.setUint32(0x4c + index * 4, 0xffffffff, true);
  const sectorOffset = (number: number): number => sector * (number + 1);
  // FAT in sector 0.
  const fat = sectorOffset(0);
  for (let index = 0; index < 128; index += 1) view.setUint32(fat + index * 4, 0xffffffff, true);
  view.setUint32(fat, 0xfffffffd, true);
  view.setUint32(fat + 4, 0xfffffffe, true);
  streamNames.forEach((_, stream) => {
    const first = 2 + stream * streamSectors;
    for (let index = 0; index < streamSectors; index += 1) {
      view.setUint32(fat + (first + index) * 4, index === streamSectors - 1 ? 0xfffffffe : first + index + 1, true);
    }
  });
  // Directory in sector 1: the root, then the streams as a right-leaning chain of siblings.
  const directory = sectorOffset(1);
  const entry = (index: number, name: string, type: number, child: number, right: number, start: number, size: number): void => {
    const at = directory + index * 128;
    const encoded = Buffer.from(`${name}\0`, 'utf16le');
    bytes.set(encoded, at);
    view.setUint16(at + 0x40, encoded.length, true);
    bytes[at + 0x42] = type;
    bytes[at + 0x43] = 1; // black
    view.setUint32(at + 0x44, 0xffffffff, true);
    view.setUint32(at + 0x48, right, true);
    view.setUint32(at + 0x4c, child, true);
    view.setUint32(at + 0x74, start, true);
    view.setUint32(at + 0x78, size, true);
  };
  for (let index = 0; index < 4; index += 1) {
    view.setUint32(directory + index * 128 + 0x44, 0xffffffff, true);
    view.setUint32(directory + index * 128 + 0x48, 0xffffffff, true);
    view.setUint32(directory + index * 128 + 0x4c, 0xffffffff, true);
  }
  entry(0, 'Root Entry', 5, 1, 0xffffffff, 0xfffffffe, 0);
  streamNames.forEach((name, stream) => {
    const right = stream + 1 < streamNames.length ? stream + 2 : 0xffffffff;
    entry(stream + 1, name, 2, 0xffffffff, right, 2 + stream * streamSectors, 4096);
  });
  for (let stream = 0; stream < streamNames.length; stream += 1) {
    const start = sectorOffset(2 + stream * streamSectors);
    for (let index = 0; index < 4096; index += 1) bytes[start + index] = (index * 31 + stream * 7) & 0xff;
  }
  return bytes;
}

// ---------------------------------------------------------------- PDF

export type PdfRun = { x: number; y: number; size: number; text: string; font?: 'latin' | 'cjk' };
export type PdfPage = { runs: readonly PdfRun[]; drawing?: boolean };
export type PdfOptions = { encrypt?: { userPassword: string; ownerPassword: string } };

const PASSWORD_PADDING = Uint8Array.from([
  0x28, 0xbf, 0x4e, 0x5e, 0x4e, 0x75, 0x8a, 0x41, 0x64, 0x00, 0x4e, 0x56, 0xff, 0xfa, 0x01, 0x08, 0x2e, 0x2e, 0x00, 0xb6,
  0xd0, 0x68, 0x3e, 0x80, 0x2f, 0x0c, 0xa9, 0xfe, 0x64, 0x53, 0x69, 0x7a,
]);

function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const state = Array.from({ length: 256 }, (_, index) => index);
  let j = 0;
  for (let i = 0; i < 256; i += 1) {
    j = (j + state[i] + key[i % key.length]) & 0xff;
    [state[i], state[j]] = [state[j], state[i]];
  }
  const out = new Uint8Array(data.length);
  let i = 0;
  j = 0;
  for (let index = 0; index < data.length; index += 1) {
    i = (i + 1) & 0xff;
    j = (j + state[i]) & 0xff;
    [state[i], state[j]] = [state[j], state[i]];
    out[index] = data[index] ^ state[(state[i] + state[j]) & 0xff];
  }
  return out;
}

function md5(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

function padPassword(password: string): Uint8Array {
  const bytes = Buffer.from(password, 'latin1').subarray(0, 32);
  const out = new Uint8Array(32);
  out.set(bytes);
  out.set(PASSWORD_PADDING.subarray(0, 32 - bytes.length), bytes.length);
  return out;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** The text of a PDF content stream that shows the runs (and a rectangle, for a "scanned" page). */
function contentStream(page: PdfPage): string {
  const parts: string[] = [];
  if (page.drawing) parts.push('0.5 g 72 72 400 600 re f');
  for (const run of page.runs) {
    const font = run.font === 'cjk' ? 'F2' : 'F1';
    const shown =
      run.font === 'cjk'
        ? `<${Buffer.from(run.text, 'utf16le').swap16().toString('hex')}>`
        : `(${run.text.replace(/[\\()]/g, (character) => `\\${character}`)})`;
    parts.push(`BT /${font} ${run.size} Tf 1 0 0 1 ${run.x} ${run.y} Tm ${shown} Tj ET`);
  }
  return parts.join('\n');
}

/**
 * A PDF written by hand: Helvetica for Latin text and a non-embedded Adobe-GB1 CID font
 * (STSong-Light, UniGB-UTF16-H) for Chinese, which pdf.js maps to Unicode with its CMaps.
 * With `encrypt`, the standard security handler revision 2 (RC4, 40-bit) encrypts the streams.
 */
export function buildPdf(pages: readonly PdfPage[], options: PdfOptions = {}): Uint8Array {
  const objects: (string | { dictionary: string; stream: Uint8Array })[] = [];
  const add = (object: string | { dictionary: string; stream: Uint8Array }): number => {
    objects.push(object);
    return objects.length;
  };
  const catalog = add('');
  const pagesObject = add('');
  const helvetica = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const descendant = add(
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 5 0 R /DW 1000 >>',
  );
  add('<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>');
  const song = add(`<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H /DescendantFonts [${descendant} 0 R] >>`);
  const pageIds: number[] = [];
  for (const page of pages) {
    const content = add({ dictionary: '', stream: Buffer.from(contentStream(page), 'latin1') });
    pageIds.push(
      add(
        `<< /Type /Page /Parent ${pagesObject} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${helvetica} 0 R /F2 ${song} 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObject} 0 R >>`;
  objects[pagesObject - 1] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;

  const fileId = md5(Buffer.from(`marginalia-test-${pages.length}`));
  let key: Uint8Array | null = null;
  let encryptObject = 0;
  if (options.encrypt) {
    const permissions = -4;
    const ownerKey = md5(padPassword(options.encrypt.ownerPassword || options.encrypt.userPassword)).subarray(0, 5);
    const owner = rc4(ownerKey, padPassword(options.encrypt.userPassword));
    const p = new Uint8Array(4);
    new DataView(p.buffer).setInt32(0, permissions, true);
    key = md5(padPassword(options.encrypt.userPassword), owner, p, fileId).subarray(0, 5);
    const user = rc4(key, PASSWORD_PADDING);
    encryptObject = add(`<< /Filter /Standard /V 1 /R 2 /O <${hex(owner)}> /U <${hex(user)}> /P ${permissions} >>`);
  }

  const chunks: Uint8Array[] = [];
  let length = 0;
  const write = (data: string | Uint8Array): void => {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    chunks.push(bytes);
    length += bytes.length;
  };
  write('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    const number = index + 1;
    offsets.push(length);
    if (typeof object === 'string') {
      write(`${number} 0 obj\n${object}\nendobj\n`);
      return;
    }
    let stream = object.stream;
    if (key && number !== encryptObject) {
      const objectKey = md5(key, Uint8Array.from([number & 0xff, (number >> 8) & 0xff, (number >> 16) & 0xff, 0, 0])).subarray(0, 10);
      stream = rc4(objectKey, stream);
    }
    write(`${number} 0 obj\n<< /Length ${stream.length} >>\nstream\n`);
    write(stream);
    write('\nendstream\nendobj\n');
  });
  const xref = length;
  write(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`);
  for (const offset of offsets) write(`${String(offset).padStart(10, '0')} 00000 n \n`);
  const encryption = encryptObject ? ` /Encrypt ${encryptObject} 0 R` : '';
  write(`trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R${encryption} /ID [<${hex(fileId)}> <${hex(fileId)}>] >>\nstartxref\n${xref}\n%%EOF\n`);
  return new Uint8Array(Buffer.concat(chunks));
}

/** Rewrites every in-use xref entry to point at byte 9 (a broken table pdf.js must rebuild). */
export function breakXref(pdf: Uint8Array): Uint8Array {
  const text = Buffer.from(pdf).toString('latin1');
  const broken = text.replace(/^\d{10} 00000 n /gm, '0000000009 00000 n ');
  if (broken === text) throw new Error('no xref entries to break');
  return new Uint8Array(Buffer.from(broken, 'latin1'));
}

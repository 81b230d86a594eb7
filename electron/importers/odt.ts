import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { keyed, UserError } from '../util/errors';
import { refuseNonZip, refuseOleOffice } from './docx';
import { imageNote, imageNoteKeys } from './html';
import { assembleBlocks, finishDocument, type Block } from './structure';
import type { ImportCaps, ParsedDocument } from './types';
import { decodeXmlEntities, refuseDoctype, xmlPartText } from './xml';
import { isXmlPart, readZip } from './zip';

// fast-xml-parser's preserveOrder output: each node is { tag: children[], ':@'?: attributes }
// or { '#text': string }.
type XmlNode = Record<string, unknown>;

function nodeName(node: XmlNode): string {
  for (const key of Object.keys(node)) if (key !== ':@') return key;
  return '';
}

function children(node: XmlNode): XmlNode[] {
  const value = node[nodeName(node)];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

function attribute(node: XmlNode, name: string): string | undefined {
  const attributes = node[':@'] as Record<string, string> | undefined;
  return attributes?.[name];
}

type Piece = { text: string; literal: boolean };

// Elements that hold no document text: comments, tracked deletions, declarations, forms,
// generated indexes (a table of contents repeats the headings).
const SKIPPED = new Set([
  'annotation', 'annotation-end', 'tracked-changes', 'sequence-decls', 'variable-decls', 'user-field-decls', 'forms',
  'table-of-content', 'alphabetical-index', 'illustration-index', 'table-index', 'object-index', 'user-index',
  'bibliography', 'ruby-text', 'note-citation', 'soft-page-break', 'bookmark', 'bookmark-start', 'bookmark-end',
  'change', 'change-start', 'change-end', 'table-columns', 'table-column', 'table-header-columns',
]);

type Walk = { blocks: Block[]; footnotes: Block[]; images: number };

/** Collapses ODF whitespace (ODF 1.2 §6.1.2): runs become one space; text:s, tab and line-break are literal. */
function renderPieces(pieces: readonly Piece[]): string {
  let out = '';
  let run = '';
  for (const piece of pieces) {
    if (piece.literal) {
      out += run.replace(/[ \t\n\r]+/g, ' ');
      run = '';
      out += piece.text;
    } else run += piece.text;
  }
  out += run.replace(/[ \t\n\r]+/g, ' ');
  return out.replace(/^ +| +$/g, '');
}

function inline(nodes: readonly XmlNode[], pieces: Piece[], walk: Walk): void {
  for (const node of nodes) {
    const name = nodeName(node);
    if (name === '#text') {
      pieces.push({ text: decodeXmlEntities(String(node['#text'])), literal: false });
    } else if (SKIPPED.has(name)) {
      continue;
    } else if (name === 's') {
      pieces.push({ text: ' '.repeat(Math.min(1000, Math.max(1, Number(attribute(node, 'c') ?? '1') || 1))), literal: true });
    } else if (name === 'tab') {
      pieces.push({ text: '\t', literal: true });
    } else if (name === 'line-break') {
      pieces.push({ text: '\n', literal: true });
    } else if (name === 'note') {
      const citation = children(node).find((child) => nodeName(child) === 'note-citation');
      const number = citation ? renderPieces(collect(children(citation), walk)) : String(walk.footnotes.length + 1);
      pieces.push({ text: `[${number}]`, literal: true });
      const body = children(node).find((child) => nodeName(child) === 'note-body');
      const noteBlocks: Block[] = [];
      if (body) blocksOf(children(body), { ...walk, blocks: noteBlocks }, 0);
      const text = noteBlocks.map((block) => block.text).join(' ');
      walk.footnotes.push({ text: `[${number}] ${text}`, kind: 'paragraph', label: `[${number}]` });
    } else if (name === 'frame') {
      if (children(node).some((child) => nodeName(child) === 'image')) walk.images += 1;
      const box = children(node).find((child) => nodeName(child) === 'text-box');
      if (box) {
        const boxBlocks: Block[] = [];
        blocksOf(children(box), { ...walk, blocks: boxBlocks }, 0);
        pieces.push({ text: ` ${boxBlocks.map((block) => block.text).join(' ')} `, literal: false });
      }
    } else {
      inline(children(node), pieces, walk);
    }
  }
}

function collect(nodes: readonly XmlNode[], walk: Walk): Piece[] {
  const pieces: Piece[] = [];
  inline(nodes, pieces, walk);
  return pieces;
}

function blocksOf(nodes: readonly XmlNode[], walk: Walk, listDepth: number): void {
  for (const node of nodes) {
    const name = nodeName(node);
    if (name === 'h') {
      const level = Number(attribute(node, 'outline-level') ?? '1');
      walk.blocks.push({ text: renderPieces(collect(children(node), walk)), kind: 'heading', level: Number.isFinite(level) && level > 0 ? level : 1 });
    } else if (name === 'p') {
      walk.blocks.push({
        text: renderPieces(collect(children(node), walk)),
        kind: 'paragraph',
        level: listDepth > 0 ? listDepth : null,
        label: listDepth > 0 ? '•' : null,
        // Consecutive list items follow each other on the next line; the first one starts a block.
        tight: listDepth > 0 && walk.blocks.at(-1)?.label === '•',
      });
    } else if (name === 'list') {
      for (const item of children(node)) {
        if (nodeName(item) === 'list-item' || nodeName(item) === 'list-header') blocksOf(children(item), walk, listDepth + 1);
      }
    } else if (name === 'table') {
      rowsOf(children(node), walk, { first: true });
    } else if (SKIPPED.has(name) || name === '#text') {
      continue;
    } else {
      // section, text, body, index-body and other containers.
      blocksOf(children(node), walk, listDepth);
    }
  }
}

function rowsOf(nodes: readonly XmlNode[], walk: Walk, state: { first: boolean }): void {
  for (const node of nodes) {
    const name = nodeName(node);
    if (name === 'table-row') {
      const cells = children(node)
        .filter((cell) => nodeName(cell) === 'table-cell')
        .map((cell) => {
          const cellBlocks: Block[] = [];
          blocksOf(children(cell), { ...walk, blocks: cellBlocks }, 0);
          return cellBlocks.map((block) => block.text.replace(/[\t\n]/g, ' ')).join(' ');
        });
      while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
      walk.blocks.push({ text: cells.join('\t'), kind: 'paragraph', tight: !state.first });
      state.first = false;
    } else if (name === 'table-header-rows' || name === 'table-rows' || name === 'table-row-group') {
      rowsOf(children(node), walk, state);
    }
  }
}

/** Reads an OpenDocument text (.odt): the same zip checks as docx, then content.xml's headings, paragraphs, lists and tables. */
export function readOdt(bytes: Uint8Array, fileName: string, caps: ImportCaps): ParsedDocument {
  refuseOleOffice(bytes, fileName, 'Word', '.odt');
  refuseNonZip(bytes, fileName, 'an OpenDocument text (.odt)');
  const zip = readZip(bytes, fileName, caps, (name) => isXmlPart(name) || name === 'mimetype');
  for (const [name, data] of zip.parts) if (isXmlPart(name)) refuseDoctype(xmlPartText(data), fileName, name);
  const mimetype = zip.parts.get('mimetype');
  const declaredType = mimetype ? new TextDecoder().decode(mimetype).trim() : null;
  if (declaredType !== null && declaredType !== 'application/vnd.oasis.opendocument.text') {
    throw new UserError(
      'unsupported-format',
      `${fileName} is not an OpenDocument text: it says it is "${declaredType}".`,
      keyed('import.odtOtherType', { file: fileName, type: declaredType }),
    );
  }
  const manifest = zip.parts.get('META-INF/manifest.xml');
  if (manifest && xmlPartText(manifest).includes('encryption-data')) {
    throw new UserError(
      'unsupported-format',
      `${fileName} is password-protected; open it in LibreOffice, remove the password, save it, and import it again.`,
      keyed('import.odtEncrypted', { file: fileName }),
    );
  }
  const content = zip.parts.get('content.xml');
  if (!content) {
    throw new UserError('unsupported-format', `${fileName} is not an OpenDocument text: it has no content.xml part.`, keyed('import.odtNoContent', { file: fileName }));
  }
  const xml = xmlPartText(content);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new UserError(
      'unsupported-format',
      `${fileName} is damaged: its content.xml is not well-formed XML (line ${valid.err.line}: ${valid.err.msg}).`,
      keyed('import.odtBadXml', { file: fileName, line: valid.err.line, detail: valid.err.msg }),
    );
  }
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: true,
    // Entities are decoded by decodeXmlEntities, once; DOCTYPEs were refused above.
    processEntities: false,
    htmlEntities: false,
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
  });
  const tree = parser.parse(xml) as XmlNode[];
  const walk: Walk = { blocks: [], footnotes: [], images: 0 };
  const body = findBody(tree);
  if (!body) {
    throw new UserError('unsupported-format', `${fileName} is not an OpenDocument text: its content.xml has no text body.`, keyed('import.odtNoBody', { file: fileName }));
  }
  blocksOf(body, walk, 0);
  const blocks = walk.footnotes.length > 0
    ? [...walk.blocks, { text: 'Footnotes', kind: 'heading' as const, level: 1 }, ...walk.footnotes]
    : walk.blocks;
  const assembled = assembleBlocks(blocks);
  return finishDocument(fileName, caps, {
    text: assembled.text,
    structure: assembled.structure,
    notes: imageNote(walk.images),
    noteKeys: imageNoteKeys(walk.images),
    mimeType: 'application/vnd.oasis.opendocument.text',
  });
}

/** office:document-content → office:body → office:text. */
function findBody(nodes: readonly XmlNode[]): XmlNode[] | null {
  for (const node of nodes) {
    const name = nodeName(node);
    if (name === 'text') return children(node);
    if (name === 'document-content' || name === 'body' || name === 'document') {
      const found = findBody(children(node));
      if (found) return found;
    }
  }
  return null;
}

// Why a hand-written tokenizer: no HTML parser is a declared dependency (parse5/htmlparser2 are
// not installed; `entities` is only a transitive dev dependency of happy-dom, and
// fast-xml-parser is an XML parser that rejects ordinary HTML). Extracting text needs far less
// than a browser's tree builder: tags, attributes, comments, raw-text elements (script, style)
// and character references. What it does not model (implicit end tags, foster parenting) only
// moves block boundaries, never loses text; everything it drops is listed in DROPPED below.
import type { KeyedMessage } from '../../shared/domain/types';
import { keyed } from '../util/errors';
import { addNote } from './caps';
import { decodeText } from './encoding';
import { assembleBlocks, finishDocument, type Block } from './structure';
import type { ImportCaps, ParsedDocument, ParseOptions } from './types';

const LATIN1_NAMES =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para ' +
  'middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute ' +
  'Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute ' +
  'THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ' +
  'ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml';

// The named references that occur in real documents: Latin-1, typography, arrows, maths. An
// unknown name is left as written (never guessed), which is what a browser does too.
const NAMED: ReadonlyMap<string, string> = new Map<string, string>([
  ...LATIN1_NAMES.split(' ').map((name, index): [string, string] => [name, String.fromCharCode(0xa0 + index)]),
  ['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"], ['ensp', '\u2002'], ['emsp', '\u2003'],
  ['thinsp', '\u2009'], ['zwnj', '\u200c'], ['zwj', '\u200d'], ['lrm', '\u200e'], ['rlm', '\u200f'], ['ndash', '–'],
  ['mdash', '—'], ['lsquo', '‘'], ['rsquo', '’'], ['sbquo', '‚'], ['ldquo', '“'], ['rdquo', '”'], ['bdquo', '„'],
  ['dagger', '†'], ['Dagger', '‡'], ['bull', '•'], ['hellip', '…'], ['permil', '‰'], ['prime', '′'], ['Prime', '″'],
  ['lsaquo', '‹'], ['rsaquo', '›'], ['oline', '‾'], ['euro', '€'], ['trade', '™'], ['larr', '←'], ['uarr', '↑'],
  ['rarr', '→'], ['darr', '↓'], ['harr', '↔'], ['minus', '−'], ['le', '≤'], ['ge', '≥'], ['ne', '≠'], ['asymp', '≈'],
  ['infin', '∞'], ['sum', '∑'], ['radic', '√'], ['middot', '·'], ['OElig', 'Œ'], ['oelig', 'œ'], ['Scaron', 'Š'],
  ['scaron', 'š'], ['Yuml', 'Ÿ'], ['fnof', 'ƒ'], ['circ', 'ˆ'], ['tilde', '˜'], ['loz', '◊'], ['hearts', '♥'],
  ['check', '✓'], ['star', '☆'], ['ideographicspace', '\u3000'],
]);
// Legacy references a browser also accepts without the closing semicolon.
const WITHOUT_SEMICOLON = new Set(['amp', 'lt', 'gt', 'quot', 'nbsp', 'copy', 'reg']);
// HTML maps numeric references 0x80–0x9F to Windows-1252 (HTML spec, "numeric character reference end state").
const C1_REPLACEMENTS: Readonly<Record<number, number>> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x88: 0x02c6,
  0x89: 0x2030, 0x8a: 0x0160, 0x8b: 0x2039, 0x8c: 0x0152, 0x8e: 0x017d, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c,
  0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02dc, 0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a,
  0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178,
};

function fromCodePoint(code: number): string {
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\uFFFD';
  return String.fromCodePoint(C1_REPLACEMENTS[code] ?? code);
}

/** Decodes HTML character references (numeric and the common named ones) in one pass. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}))(;?)/g, (match, decimal, hex, name, semicolon) => {
    if (decimal !== undefined) return fromCodePoint(Number.parseInt(decimal, 10));
    if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));
    const value = NAMED.get(name);
    if (value === undefined || (!semicolon && !WITHOUT_SEMICOLON.has(name))) return match;
    return value;
  });
}

export type HtmlHandler = Readonly<{
  text: (raw: string) => void;
  open: (name: string, attributes: ReadonlyMap<string, string>) => void;
  close: (name: string) => void;
}>;

// Elements whose content is not markup; the tokenizer jumps to their end tag.
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript']);
const rawEnd = new Map<string, RegExp>();

function isNameStart(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function isSpace(character: string | undefined): boolean {
  return character === ' ' || character === '\n' || character === '\t' || character === '\r' || character === '\f';
}

/** Walks an HTML string and reports text runs (raw, not yet decoded), start tags and end tags. */
export function tokenizeHtml(html: string, handler: HtmlHandler): void {
  const length = html.length;
  let index = 0;
  while (index < length) {
    const lt = html.indexOf('<', index);
    if (lt < 0) {
      handler.text(html.slice(index));
      return;
    }
    if (lt > index) handler.text(html.slice(index, lt));
    index = lt;
    if (html.startsWith('<!--', index)) {
      const end = html.indexOf('-->', index + 4);
      index = end < 0 ? length : end + 3;
      continue;
    }
    if (html.startsWith('<![CDATA[', index)) {
      const end = html.indexOf(']]>', index + 9);
      index = end < 0 ? length : end + 3;
      continue;
    }
    const second = html[index + 1];
    const closing = second === '/';
    if (second === '!' || second === '?' || (closing && !isNameStart(html.charCodeAt(index + 2)))) {
      // Doctype, processing instruction or a bogus comment: skipped up to the next '>'.
      const end = html.indexOf('>', index + 2);
      index = end < 0 ? length : end + 1;
      continue;
    }
    if (!closing && !isNameStart(html.charCodeAt(index + 1))) {
      handler.text('<');
      index += 1;
      continue;
    }
    let cursor = index + (closing ? 2 : 1);
    const nameStart = cursor;
    while (cursor < length && !isSpace(html[cursor]) && html[cursor] !== '/' && html[cursor] !== '>') cursor += 1;
    const name = html.slice(nameStart, cursor).toLowerCase();
    const attributes = new Map<string, string>();
    // Attributes: name, optional "=value" (quoted or not); quotes matter only after '='.
    while (cursor < length && html[cursor] !== '>') {
      if (isSpace(html[cursor]) || html[cursor] === '/') {
        cursor += 1;
        continue;
      }
      const attributeStart = cursor;
      while (cursor < length && !isSpace(html[cursor]) && !'/>='.includes(html[cursor])) cursor += 1;
      if (cursor === attributeStart) cursor += 1;
      const attributeName = html.slice(attributeStart, cursor).toLowerCase();
      while (isSpace(html[cursor])) cursor += 1;
      let value = '';
      if (html[cursor] === '=') {
        cursor += 1;
        while (isSpace(html[cursor])) cursor += 1;
        const quote = html[cursor];
        if (quote === '"' || quote === "'") {
          const end = html.indexOf(quote, cursor + 1);
          value = html.slice(cursor + 1, end < 0 ? length : end);
          cursor = end < 0 ? length : end + 1;
        } else {
          const valueStart = cursor;
          while (cursor < length && !isSpace(html[cursor]) && html[cursor] !== '>') cursor += 1;
          value = html.slice(valueStart, cursor);
        }
      }
      if (attributeName && !attributes.has(attributeName)) attributes.set(attributeName, decodeEntities(value));
    }
    index = cursor + 1;
    if (closing) {
      handler.close(name);
      continue;
    }
    handler.open(name, attributes);
    if (RAW_TEXT.has(name)) {
      let pattern = rawEnd.get(name);
      if (!pattern) {
        pattern = new RegExp(`</${name}(?=[\\s/>])`, 'gi');
        rawEnd.set(name, pattern);
      }
      pattern.lastIndex = index;
      const match = pattern.exec(html);
      // Raw-text content is never shown as document text (all of these elements are dropped).
      index = match ? match.index : length;
      if (!match) handler.close(name);
    }
  }
}

// Elements whose content is not the document's text: code, styling, navigation, embedded
// objects, form widgets and the head.
const DROPPED = new Set([
  ...RAW_TEXT, 'template', 'nav', 'head', 'svg', 'math', 'object', 'canvas', 'select', 'button', 'audio', 'video', 'map',
]);
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'blockquote', 'address', 'figure', 'figcaption',
  'dl', 'dt', 'dd', 'hr', 'form', 'fieldset', 'legend', 'details', 'summary', 'caption', 'center', 'body', 'html',
  'hgroup', 'menu', 'dir', 'listing',
]);
const HEADING = /^h([1-6])$/;
const HEAD_CONTENT = new Set(['head', 'title', 'meta', 'link', 'style', 'script', 'base', 'noscript', 'template']);

function isCjkUnit(code: number): boolean {
  return (code >= 0x2e80 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xffef);
}

/**
 * Collapses HTML whitespace to single spaces; a run holding a line break between two CJK
 * characters disappears instead (CSS Text 3 segment-break rule), so Chinese text wrapped in
 * the source does not gain spaces.
 */
function collapseWhitespace(text: string): string {
  return text.replace(/[ \t\n\r\f]+/g, (run: string, offset: number, whole: string) => {
    if (run.includes('\n') && isCjkUnit(whole.charCodeAt(offset - 1)) && isCjkUnit(whole.charCodeAt(offset + run.length))) {
      return '';
    }
    return ' ';
  });
}

type Piece = Readonly<{ text: string; pre: boolean }> | 'break' | 'tab';
type Pending = { kind: 'paragraph' | 'heading'; level: number | null; label: string | null; prefix: string; role: 'item' | 'row' | 'other' };

export type HtmlBlocks = { blocks: Block[]; images: number; notes: string[]; noteKeys: Record<string, KeyedMessage> };

/** Turns HTML (a web page or mammoth's rendering of a docx) into blocks of text. */
export function htmlToBlocks(html: string, options: { mammoth?: boolean } = {}): HtmlBlocks {
  const blocks: Block[] = [];
  const notes: string[] = [];
  const noteKeys: Record<string, KeyedMessage> = {};
  let pieces: Piece[] = [];
  const fresh = (): Pending => ({ kind: 'paragraph', level: null, label: null, prefix: '', role: 'other' });
  let pending = fresh();
  let lastRole: Pending['role'] = 'other';
  let skip: { name: string; depth: number } | null = null;
  let preDepth = 0;
  const lists: { ordered: boolean; counter: number }[] = [];
  let tableDepth = 0;
  let cells = 0;
  let inCell = false;
  let images = 0;
  const noteHeadings = new Set<string>();

  const render = (): { text: string; pre: boolean } => {
    let out = '';
    let run = '';
    let pre = false;
    const endRun = (): void => {
      out += collapseWhitespace(run);
      run = '';
    };
    for (const piece of pieces) {
      if (piece === 'break' || piece === 'tab') {
        endRun();
        out += piece === 'break' ? '\n' : '\t';
      } else if (piece.pre) {
        endRun();
        pre = true;
        out += piece.text;
      } else {
        run += piece.text;
      }
    }
    endRun();
    if (pre) return { text: out.replace(/\s+$/, '').replace(/^\n+/, ''), pre };
    return { text: out.split('\n').map((line) => line.replace(/^ +| +$/g, '').replace(/ *\t */g, '\t')).join('\n'), pre };
  };

  const flush = (): void => {
    const { text } = render();
    pieces = [];
    if (text.trim().length === 0) return;
    const role = pending.role;
    blocks.push({
      text: pending.prefix + text,
      kind: pending.kind,
      level: pending.level,
      label: pending.label,
      tight: (role === 'item' || role === 'row') && lastRole === role,
    });
    lastRole = role;
    pending = fresh();
  };

  const separate = (): void => {
    if (inCell) pieces.push({ text: ' ', pre: false });
    else flush();
  };

  tokenizeHtml(html, {
    text(raw) {
      if (skip?.name === 'head' && raw.trim().length > 0) skip = null;
      if (!skip) pieces.push({ text: decodeEntities(raw), pre: preDepth > 0 });
    },
    open(name, attributes) {
      if (skip) {
        // A browser closes <head> implicitly at the first element that cannot be in it.
        if (skip.name === 'head' && !HEAD_CONTENT.has(name)) skip = null;
        else if (name === skip.name) skip.depth += 1;
        if (skip) return;
      }
      if (name === 'body' || name === 'html') return;
      const heading = HEADING.exec(name);
      if (options.mammoth && name === 'a' && /^#(?:foot|end)note-ref-/.test(attributes.get('href') ?? '')) {
        // mammoth's "↑" link from a footnote back to its reference.
        skip = { name, depth: 1 };
      } else if (DROPPED.has(name)) {
        if (!VOID.has(name)) skip = { name, depth: 1 };
      } else if (name === 'img') {
        images += 1;
      } else if (name === 'br') {
        pieces.push(inCell ? { text: ' ', pre: false } : 'break');
      } else if (heading) {
        separate();
        if (!inCell) pending = { ...fresh(), kind: 'heading', level: Number(heading[1]) };
      } else if (name === 'ul' || name === 'ol') {
        separate();
        const start = Number.parseInt(attributes.get('start') ?? '1', 10);
        lists.push({ ordered: name === 'ol', counter: Number.isFinite(start) ? start - 1 : 0 });
      } else if (name === 'li') {
        separate();
        if (inCell) return;
        const list = lists.at(-1);
        const note = options.mammoth ? /^(foot|end)note-(\d+)$/.exec(attributes.get('id') ?? '') : null;
        if (note) {
          const title = note[1] === 'foot' ? 'Footnotes' : 'Endnotes';
          if (!noteHeadings.has(title)) {
            noteHeadings.add(title);
            blocks.push({ text: title, kind: 'heading', level: 1 });
            lastRole = 'other';
          }
          pending = { ...fresh(), label: `[${note[2]}]`, prefix: `[${note[2]}] ` };
          return;
        }
        if (list) list.counter += 1;
        pending = { ...fresh(), level: Math.max(1, lists.length), label: list?.ordered ? `${list.counter}.` : '•', role: 'item' };
      } else if (name === 'table') {
        separate();
        tableDepth += 1;
      } else if (name === 'tr') {
        if (tableDepth <= 1) {
          flush();
          cells = 0;
          inCell = false;
          pending = { ...fresh(), role: 'row' };
        } else pieces.push({ text: ' ', pre: false });
      } else if (name === 'td' || name === 'th') {
        if (tableDepth <= 1) {
          if (cells > 0) pieces.push('tab');
          cells += 1;
          inCell = true;
          pending.role = 'row';
        } else pieces.push({ text: ' ', pre: false });
      } else if (name === 'pre') {
        separate();
        preDepth += 1;
      } else if (BLOCK.has(name)) {
        separate();
      }
    },
    close(name) {
      if (skip) {
        if (name === skip.name) skip.depth -= 1;
        if (skip.depth === 0) skip = null;
        return;
      }
      if (HEADING.test(name) || name === 'li') {
        separate();
        if (!inCell) pending = fresh();
      } else if (name === 'ul' || name === 'ol') {
        separate();
        lists.pop();
      } else if (name === 'table') {
        tableDepth = Math.max(0, tableDepth - 1);
        if (tableDepth === 0) {
          inCell = false;
          flush();
          lastRole = 'other';
        }
      } else if (name === 'tr') {
        if (tableDepth <= 1) {
          inCell = false;
          flush();
        }
      } else if (name === 'pre') {
        separate();
        preDepth = Math.max(0, preDepth - 1);
      } else if (BLOCK.has(name)) {
        separate();
      }
    },
  });
  inCell = false;
  flush();
  // The tokenizer callbacks assign `skip`; TypeScript cannot see that and narrows it to null.
  const unclosed = skip as { name: string; depth: number } | null;
  if (unclosed && unclosed.name !== 'a') {
    addNote(
      notes,
      noteKeys,
      `Text after an unclosed <${unclosed.name}> element was left out; check the end of the file.`,
      keyed('import.htmlUnclosed', { element: unclosed.name }),
    );
  }
  return { blocks, images, notes, noteKeys };
}

/** "1 image was", "3 images were". */
export function imageNote(images: number): string[] {
  if (images === 0) return [];
  return [`${images === 1 ? '1 image was' : `${images} images were`} left out; Marginalia imports the text only.`];
}

/** imageNote's key, for the interface's languages. */
export function imageNoteKeys(images: number): Record<string, KeyedMessage> {
  const [note] = imageNote(images);
  return note ? { [note]: keyed('import.imagesDropped', { count: images }) } : {};
}

/** The charset an HTML file declares in its first bytes (meta tag or XML declaration), if any. */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('windows-1252').decode(bytes.subarray(0, 4096));
  const meta = /<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i.exec(head);
  const xml = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']/i.exec(head);
  const charset = (meta ?? xml)?.[1].toLowerCase();
  // A meta tag cannot declare UTF-16 (only a BOM can): the bytes read so far were ASCII (HTML spec).
  return charset?.startsWith('utf-16') ? 'utf-8' : charset;
}

/** Reads an .html/.htm file: charset from BOM, meta tag or detector; headings and blocks as structure. */
export function readHtml(bytes: Uint8Array, fileName: string, caps: ImportCaps, options: ParseOptions = {}): ParsedDocument {
  const decoded = decodeText(bytes, fileName, { encoding: options.encoding, declared: declaredCharset(bytes) });
  const { blocks, images, notes, noteKeys } = htmlToBlocks(decoded.text);
  const assembled = assembleBlocks(blocks);
  return finishDocument(fileName, caps, {
    text: assembled.text,
    structure: assembled.structure,
    notes: [...decoded.notes, ...notes, ...imageNote(images)],
    noteKeys: { ...decoded.noteKeys, ...noteKeys, ...imageNoteKeys(images) },
    mimeType: 'text/html',
  });
}

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { UserError } from '../util/errors';

/*
 * XML in and out for the exchange files. Reading refuses any DOCTYPE or ENTITY declaration
 * before parsing (REFI-QDA documents never need one, and they are how entity bombs and
 * external-file references arrive), checks well-formedness, and turns fast-xml-parser's
 * ordered output into a tiny element tree with namespace prefixes dropped from element
 * names. Writing escapes everything a real XML writer would (QualCoder's string
 * concatenation breaks on "&" in a memo: GUIDE.md §7.9).
 */

export type XmlElement = {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** Concatenated text and CDATA directly inside this element, in document order. */
  readonly text: string;
};

/** Elements may nest this deep; real REFI files need far less (deep code trees stay under 50). */
const MAX_DEPTH = 256;

// fast-xml-parser decodes numeric character references (&#10;, &#x1F600;) only when given an
// HTML entity table; passing exactly the five XML entities gets numeric references without
// any HTML names. tests/exchange/xml.test.ts pins this behaviour.
const XML_ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: XML_ENTITIES as unknown as boolean,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: MAX_DEPTH,
  transformTagName: (name: string) => name.replace(/^[^:]*:/, ''),
});

type OrderedNode = Record<string, unknown>;

function toElement(node: OrderedNode): XmlElement | null {
  const name = Object.keys(node).find((key) => key !== ':@');
  if (name === undefined || name === '#text' || name.startsWith('?') || name.startsWith('!')) return null;
  const rawAttributes = (node[':@'] ?? {}) as Record<string, unknown>;
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(rawAttributes)) attributes[key] = String(value);
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[name] ?? []) as OrderedNode[]) {
    if ('#text' in child) {
      text += String(child['#text']);
      continue;
    }
    const element = toElement(child);
    if (element) children.push(element);
  }
  return { name, attributes, children, text };
}

/**
 * Parses an exchange XML document into its root element. A DOCTYPE or ENTITY declaration,
 * malformed XML or excessive nesting is refused with a UserError naming `fileName`.
 */
export function parseXml(xml: string, fileName: string): XmlElement {
  const head = xml.replace(/^\uFEFF/, '');
  // Refused wherever it appears (also inside comments or CDATA): a REFI document never needs one.
  if (/<!DOCTYPE/i.test(head)) {
    throw new UserError(
      'unsupported-format',
      `${fileName} was refused: it declares a DOCTYPE, which REFI-QDA files never need and which can hide entity bombs or references to files on this computer.`,
    );
  }
  if (/<!ENTITY/i.test(head)) {
    throw new UserError(
      'unsupported-format',
      `${fileName} was refused: it declares XML entities, which REFI-QDA files never need.`,
    );
  }
  const validation = XMLValidator.validate(head);
  if (validation !== true) {
    throw new UserError(
      'unsupported-format',
      `${fileName} is not well-formed XML (line ${validation.err.line}, column ${validation.err.col}: ${validation.err.msg}).`,
    );
  }
  let ordered: OrderedNode[];
  try {
    ordered = parser.parse(head) as OrderedNode[];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UserError('unsupported-format', `${fileName} could not be read as XML (${message}).`);
  }
  const roots = ordered.map(toElement).filter((element): element is XmlElement => element !== null);
  if (roots.length !== 1) throw new UserError('unsupported-format', `${fileName} has no single root element.`);
  return roots[0];
}

/** Child elements called `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

/** The first child element called `name`, if any. */
export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child) => child.name === name);
}

/** Text of the first child called `name`, or '' when there is none. */
export function childText(element: XmlElement, name: string): string {
  return childNamed(element, name)?.text ?? '';
}

// Characters XML 1.0 cannot carry at all, even as references (§2.2): C0 controls other than
// tab, LF and CR, U+FFFE, U+FFFF and lone surrogates (with the u flag a surrogate pair is one
// code point, so only unpaired halves match the surrogate range).
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const INVALID_XML_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/gu;
const INVALID_XML_CHARACTER_TEST = new RegExp(INVALID_XML_CHARACTER.source, 'u');

/** True when `value` holds a character XML 1.0 cannot represent. */
export function hasInvalidXmlCharacter(value: string): boolean {
  return INVALID_XML_CHARACTER_TEST.test(value);
}

/** Replaces characters XML cannot hold with U+FFFD; the caller reports that it happened. */
export function replaceInvalidXmlCharacters(value: string): string {
  return value.replace(INVALID_XML_CHARACTER, '\uFFFD');
}

/** Escapes text content; CR is written as a reference because parsers turn a raw CR into LF. */
export function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Escapes an attribute value; tab, LF and CR as references, since parsers turn raw ones into spaces. */
export function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

export type XmlAttributes = Readonly<Record<string, string | number | boolean | null | undefined>>;

/**
 * Builds an indented XML document element by element. Attributes whose value is null or
 * undefined are left out, so optional attributes need no special casing at the call site.
 */
export class XmlWriter {
  private readonly parts: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n'];
  private readonly open: string[] = [];
  private readonly sanitise: (value: string) => string;

  constructor(sanitise: (value: string) => string = (value) => value) {
    this.sanitise = sanitise;
  }

  private attributes(attributes: XmlAttributes): string {
    let out = '';
    for (const [key, value] of Object.entries(attributes)) {
      if (value === null || value === undefined) continue;
      out += ` ${key}="${escapeAttribute(this.sanitise(String(value)))}"`;
    }
    return out;
  }

  private indent(): string {
    return '  '.repeat(this.open.length);
  }

  /** Opens an element that will hold child elements. */
  start(name: string, attributes: XmlAttributes = {}): this {
    this.parts.push(`${this.indent()}<${name}${this.attributes(attributes)}>\n`);
    this.open.push(name);
    return this;
  }

  /** Closes the innermost open element. */
  end(): this {
    const name = this.open.pop();
    if (name === undefined) throw new Error('XmlWriter: nothing to close');
    this.parts.push(`${this.indent()}</${name}>\n`);
    return this;
  }

  /** An element without children. */
  empty(name: string, attributes: XmlAttributes = {}): this {
    this.parts.push(`${this.indent()}<${name}${this.attributes(attributes)}/>\n`);
    return this;
  }

  /** An element holding only text (no indentation inside, so the text is exact). */
  text(name: string, value: string, attributes: XmlAttributes = {}): this {
    this.parts.push(
      `${this.indent()}<${name}${this.attributes(attributes)}>${escapeText(this.sanitise(value))}</${name}>\n`,
    );
    return this;
  }

  /** The finished document. */
  toString(): string {
    if (this.open.length > 0) throw new Error(`XmlWriter: unclosed <${this.open.join('>, <')}>`);
    return this.parts.join('');
  }
}

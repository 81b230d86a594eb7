import { describe, expect, it } from 'vitest';
import { normaliseGuid } from '../../electron/exchange/model';
import {
  escapeAttribute,
  escapeText,
  parseXml,
  replaceInvalidXmlCharacters,
  XmlWriter,
} from '../../electron/exchange/xml';

describe('XML reading', () => {
  it('decodes numeric character references, the five XML entities and CDATA, and drops namespace prefixes', () => {
    // fast-xml-parser decodes numeric references only with our entity table (see xml.ts).
    const root = parseXml(
      '<q:Root xmlns:q="urn:x" a="&#x1F600;&#10;&lt;&amp;lt;" b="x&#13;y&#9;z"><q:T>&#128512; &amp; <![CDATA[<kept>&amp;]]> &nbsp;</q:T></q:Root>',
      't.xml',
    );
    expect(root.name).toBe('Root');
    expect(root.attributes.a).toBe('😀\n<&lt;');
    expect(root.attributes.b).toBe('x\ry\tz');
    // Unknown entities (an HTML &nbsp;) are left as written rather than guessed.
    expect(root.children[0].text).toBe('😀 & <kept>&amp; &nbsp;');
  });
});

describe('XML writing', () => {
  it('escapes what would otherwise be lost or misread, and reads back unchanged', () => {
    const value = 'a & b < c > d "quoted" \'single\'\ttab\nline\rreturn 😀';
    const writer = new XmlWriter();
    writer.start('Root', { value }).text('Text', value).end();
    const root = parseXml(writer.toString(), 'w.xml');
    expect(root.attributes.value).toBe(value);
    expect(root.children[0].text).toBe(value);
    expect(escapeAttribute('\n')).toBe('&#10;');
    expect(escapeText('\r')).toBe('&#13;');
  });

  it('replaces characters XML 1.0 cannot carry, keeping astral characters', () => {
    expect(replaceInvalidXmlCharacters('ok\u0000\u0007\uFFFF 😀 \uD800x')).toBe('ok\uFFFD\uFFFD\uFFFD 😀 \uFFFDx');
  });
});

describe('GUIDs', () => {
  it('accepts any case with or without braces and gives our lower-case form', () => {
    expect(normaliseGuid('{8F1B2C3D-0000-4000-8000-00000000000A}')).toBe('8f1b2c3d-0000-4000-8000-00000000000a');
    expect(normaliseGuid(' 8f1b2c3d-0000-4000-8000-00000000000a ')).toBe('8f1b2c3d-0000-4000-8000-00000000000a');
    expect(normaliseGuid('{8f1b2c3d-0000-4000-8000-00000000000a')).toBeNull();
    expect(normaliseGuid('')).toBeNull();
    expect(normaliseGuid('not-a-guid')).toBeNull();
  });
});

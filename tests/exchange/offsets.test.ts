import { describe, expect, it } from 'vitest';
import { codePointToUtf16, utf16ToCodePoint } from '../../shared/domain/ranges';
import {
  POSITION_CONVENTIONS,
  codePointToUtf16Converter,
  positionMapper,
  prepareText,
  utf16ToCodePointConverter,
} from '../../electron/exchange/offsets';

/*
 * The exchange code converts offsets with a table built once per text, because the shared
 * converters in shared/domain/ranges.ts walk the text from its start on every call. These
 * tests hold the fast converters to the shared ones, offset by offset.
 */

const SAMPLES = ['', 'plain ascii', '𠀀', '😀😀', 'a😀b𠀀c\nd', '数字治理 😀 第3条 𠀀𠀀 end', '\n😀\n'];

describe('offset converters', () => {
  it('agree with utf16ToCodePoint and codePointToUtf16 at every offset', () => {
    for (const text of SAMPLES) {
      const toCodePoint = utf16ToCodePointConverter(text);
      for (let offset = 0; offset <= text.length; offset += 1) {
        expect(toCodePoint(offset), `${JSON.stringify(text)} @${offset}`).toBe(utf16ToCodePoint(text, offset));
      }
      const toUtf16 = codePointToUtf16Converter(text);
      const codePoints = Array.from(text).length;
      for (let codePoint = 0; codePoint <= codePoints; codePoint += 1) {
        expect(toUtf16(codePoint), `${JSON.stringify(text)} cp ${codePoint}`).toBe(codePointToUtf16(text, codePoint));
      }
      expect(toUtf16(codePoints + 1)).toBeNull();
      expect(toUtf16(-1)).toBeNull();
    }
  });

  it('prepares text as we store it: no BOM, LF line endings', () => {
    const prepared = prepareText('\uFEFFone\r\ntwo\rthree\n😀');
    expect(prepared.text).toBe('one\ntwo\nthree\n😀');
    expect(prepared.raw).toBe('one\r\ntwo\rthree\n😀');
    expect(prepared.ambiguous).toBe(true);
    expect(prepareText('no surprises\n').ambiguous).toBe(false);
  });

  it('maps each convention’s positions onto our text', () => {
    // Raw "a😀\r\nb": a 0, 😀 1–2 (UTF-16) or 1 (code points), CR, LF, b.
    // "b" is UTF-16 5 raw, 4 with CRLF as one; code point 4 raw, 3 with CRLF as one.
    // In our text "a😀\nb" it is at UTF-16 4.
    const prepared = prepareText('a😀\r\nb');
    const expected: Record<string, number> = {
      'codepoint/raw': 4,
      'utf16/raw': 5,
      'codepoint/normalised': 3,
      'utf16/normalised': 4,
    };
    for (const convention of POSITION_CONVENTIONS) {
      const map = positionMapper(prepared, convention);
      expect(
        map(expected[`${convention.unit}/${convention.newlines}`]),
        `${convention.unit}/${convention.newlines}`,
      ).toBe(4);
    }
  });

  it('refuses positions past the end or inside a surrogate pair', () => {
    const prepared = prepareText('x😀y');
    const utf16 = positionMapper(prepared, { unit: 'utf16', newlines: 'raw' });
    expect(utf16(2)).toBeNull();
    expect(utf16(4)).toBe(4);
    expect(utf16(5)).toBeNull();
    expect(utf16(1.5)).toBeNull();
    const codePoints = positionMapper(prepared, { unit: 'codepoint', newlines: 'raw' });
    expect(codePoints(3)).toBe(4);
    expect(codePoints(4)).toBeNull();
  });
});

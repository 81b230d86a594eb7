import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { checkFileSize, DEFAULT_CAPS, detectEncoding, parseDocument, previewDocument } from '../../electron/importers/index';
import { UserError } from '../../electron/util/errors';
import { expectRefusal, expectWellFormed, spansOf, spanText } from './helpers';

const INTERVIEW_ZH = '问：您在社区工作多久了？\n答：大概十年了，从二〇一三年开始。\n问：数字治理给您的工作带来了什么变化？\n答：以前很多事情要跑腿，现在大部分可以在手机上办理。';
const TRADITIONAL = '數位治理與基層社會：我們訪問了十位社區工作者，了解他們如何使用手機處理公共事務。這些經驗對政策制定很重要。';

describe('text encodings', () => {
  it('reads a GB18030 file, including a character outside GBK and the BMP, with offsets in UTF-16 units', async () => {
    const original = '第一条　为了规范数据管理，制定本条例。𠀀字和欧元符号€。\n第二条　本条例适用于本市行政区域。';
    const bytes = iconv.encode(original, 'gb18030');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const document = await parseDocument('规定.txt', bytes);
    expect(document.text).toBe(original);
    expect(document.notes.join(' ')).toMatch(/GB18030/);
    const [first, second] = spansOf(document, 'article');
    expect(first.label).toBe('第一条');
    expect(second.label).toBe('第二条');
    // 𠀀 is two UTF-16 units: the second article starts right after the first line's newline.
    expect(second.start).toBe(original.indexOf('\n') + 1);
    expect(spanText(document, second)).toBe('第二条　本条例适用于本市行政区域。');
  });

  it('reads a GBK interview and recognises its 问/答 turns', async () => {
    const document = await parseDocument('访谈.txt', iconv.encode(INTERVIEW_ZH, 'gbk'));
    expect(document.text).toBe(INTERVIEW_ZH);
    expect(document.suggestedKind).toBe('transcript');
    expect(spansOf(document, 'turn').map((span) => span.label)).toEqual(['问', '答', '问', '答']);
    expect(detectEncoding(iconv.encode(INTERVIEW_ZH, 'gbk'))).toMatchObject({ encoding: 'gb18030', certain: true });
  });

  it('tells Big5 from GB18030, though Big5 bytes also decode "cleanly" as GB18030', async () => {
    const bytes = iconv.encode(TRADITIONAL, 'big5');
    expect(() => new TextDecoder('gb18030', { fatal: true }).decode(bytes)).not.toThrow();
    expect(detectEncoding(bytes).encoding).toBe('big5');
    expect((await parseDocument('訪談.txt', bytes)).text).toBe(TRADITIONAL);
  });

  it('honours an explicit encoding over detection', async () => {
    const bytes = iconv.encode(INTERVIEW_ZH, 'gbk');
    const document = await parseDocument('访谈.txt', bytes, { encoding: 'gbk' });
    expect(document.text).toBe(INTERVIEW_ZH);
    const wrong = await parseDocument('访谈.txt', iconv.encode('ASCII only, really.', 'utf-8'), { encoding: 'utf-16le' });
    expect(wrong.text).not.toBe('ASCII only, really.');
    await expect(parseDocument('a.txt', bytes, { encoding: 'klingon-8' })).rejects.toThrow(/not an encoding Marginalia knows/);
  });

  it('follows byte-order marks for UTF-8, UTF-16LE and UTF-16BE and strips them, with CRLF made LF', async () => {
    const text = 'Interviewer: Hello\r\nR1: 你好 😀\r\n';
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    for (const [name, bytes, encoding] of [
      ['a.txt', utf8, 'utf-8'],
      ['b.txt', le, 'utf-16le'],
      ['c.txt', be, 'utf-16be'],
    ] as const) {
      const document = await parseDocument(name, bytes);
      expect(document.text).toBe('Interviewer: Hello\nR1: 你好 😀\n');
      expectWellFormed(document);
      expect(detectEncoding(bytes)).toEqual({ encoding, confidence: 100, certain: true });
    }
  });

  it('reports invalid UTF-8 (C3 28, ED A0 80) inside UTF-8 text: how many bytes were replaced and on which lines', async () => {
    const bytes = Buffer.concat([
      Buffer.from('第一行是正常的中文。\n第二行有坏字节'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('这里。\n第三行正常。\n第四行有代理项'),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from('结束。\n'),
    ]);
    const guess = detectEncoding(bytes);
    expect(guess).toMatchObject({ encoding: 'utf-8', certain: false });
    const document = await parseDocument('damaged.txt', bytes);
    expect(document.text).toContain('第二行有坏字节\uFFFD(这里');
    expect(document.text).toContain('第四行有代理项\uFFFD\uFFFD\uFFFD结束');
    const note = document.notes.find((line) => line.includes('U+FFFD'));
    expect(note).toMatch(/^4 characters could not be decoded and were replaced with � \(U\+FFFD\) on lines 2 and 4;/);
  });

  it('never reads invalid UTF-8 in an ASCII file silently: the guessed encoding is named in the notes', async () => {
    const bytes = Buffer.concat([Buffer.from('hello world this is text '), Buffer.from([0xc3, 0x28]), Buffer.from(' more text here\n')]);
    const guess = detectEncoding(bytes);
    expect(guess.certain).toBe(false);
    const document = await parseDocument('latin.txt', bytes);
    expect(document.notes.join(' ')).toMatch(/detected as .+% confidence.+choosing its encoding/);
    const lone = Buffer.concat([Buffer.from('short '), Buffer.from([0xed, 0xa0, 0x80])]);
    const surrogate = await parseDocument('surrogate.txt', lone);
    expect(surrogate.notes.length).toBeGreaterThan(0);
  });

  it('refuses an empty file and a whitespace-only file', async () => {
    await expectRefusal(parseDocument('empty.txt', new Uint8Array(0)), 'empty.txt', /is empty \(0 bytes\)/);
    await expectRefusal(parseDocument('blank.md', Buffer.from('  \n\n\t\n')), 'blank.md', /has no text in it/);
  });

  it('refuses a binary file renamed .txt, naming what it looks like', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
    await expectRefusal(parseDocument('photo.txt', png), 'photo.txt', /not a text file: it looks like a PNG image/);
    const random = Uint8Array.from({ length: 4096 }, (_, index) => (index * 2654435761) % 251);
    await expectRefusal(parseDocument('random.txt', random), 'random.txt', /not a text file/);
  });

  it('checks the file-size cap from a size alone, before anything is read', () => {
    const twoGigabytes = 2 * 1024 ** 3;
    let caught: unknown;
    try {
      checkFileSize('huge-recording-transcript.txt', twoGigabytes);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as UserError).message).toBe(
      'huge-recording-transcript.txt is 2.0 GB, larger than the 200.0 MB Marginalia imports in one file (maxFileBytes); split it into smaller files or raise the limit.',
    );
    expect(() => checkFileSize('ok.txt', DEFAULT_CAPS.maxFileBytes)).not.toThrow();
    expect(() => checkFileSize('ok.txt', 2048, { maxFileBytes: 1024 })).toThrow(/2\.0 KB, larger than the 1\.0 KB/);
  });

  it('applies the size and text caps inside parseDocument too', async () => {
    await expectRefusal(parseDocument('a.txt', Buffer.from('x'.repeat(100)), { caps: { maxFileBytes: 50 } }), 'a.txt', /maxFileBytes/);
    await expectRefusal(parseDocument('b.txt', Buffer.from('y'.repeat(100)), { caps: { maxTextChars: 50 } }), 'b.txt', /more than 50 characters.+maxTextChars/);
    await expect(parseDocument('c.txt', Buffer.from('z'), { caps: { maxPdfPages: -1 } })).rejects.toThrow(/maxPdfPages must be a positive number/);
  });

  it('previews a file: encoding, certainty, first lines and kind', async () => {
    const preview = await previewDocument('访谈.txt', iconv.encode(INTERVIEW_ZH, 'gbk'));
    expect(preview).toMatchObject({ format: 'text', encoding: 'gb18030', certain: true, kind: 'transcript' });
    expect(preview.firstLines).toEqual(INTERVIEW_ZH.split('\n'));
    const overridden = await previewDocument('访谈.txt', iconv.encode(INTERVIEW_ZH, 'gbk'), { encoding: 'big5' });
    expect(overridden.encoding).toBe('big5');
    expect(overridden.firstLines[0]).not.toBe(INTERVIEW_ZH.split('\n')[0]);
  });
});

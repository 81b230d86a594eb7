import iconv from 'iconv-lite';
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../electron/importers/index';
import { UserError } from '../../electron/util/errors';
import { buildDocx, buildOdt, buildPdf, docxFiles, wParagraph, wTable, zip } from './fixtures';

describe('a batch with good and hostile files', () => {
  it('reads every good file in full and refuses each bad one with a UserError naming it', async () => {
    const good: [string, Uint8Array][] = [
      ['notes.txt', Buffer.from('Interviewer: Hi\nR1: Hello')],
      ['访谈.txt', iconv.encode('问：你好。\n答：你好。', 'gb18030')],
      ['memo.docx', buildDocx({ body: wParagraph('A memo.') })],
      ['report.odt', buildOdt({ body: '<text:p>A report.</text:p>' })],
      ['page.pdf', buildPdf([{ runs: [{ x: 72, y: 700, size: 12, text: 'A page.' }] }])],
      ['talk.vtt', Buffer.from('WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>Hi.\n')],
      ['page.html', Buffer.from('<h1>Title</h1><p>Body.</p>')],
    ];
    const bad: [string, Uint8Array][] = [
      ['empty.md', new Uint8Array(0)],
      ['binary.txt', Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3])],
      ['slip.docx', zip({ ...docxFiles({ body: wParagraph('x') }), '../../x': strToU8('x') })],
      ['scan.pdf', buildPdf([{ runs: [], drawing: true }])],
      ['slides.pptx', Buffer.from('PK')],
    ];
    const results = await Promise.allSettled([...good, ...bad].map(([name, bytes]) => parseDocument(name, bytes)));
    results.slice(0, good.length).forEach((result, index) => {
      expect(result.status, good[index][0]).toBe('fulfilled');
      if (result.status === 'fulfilled') expect(result.value.text.length, good[index][0]).toBeGreaterThan(0);
    });
    results.slice(good.length).forEach((result, index) => {
      expect(result.status, bad[index][0]).toBe('rejected');
      if (result.status === 'rejected') {
        expect(result.reason).toBeInstanceOf(UserError);
        expect((result.reason as UserError).message).toContain(bad[index][0]);
      }
    });
  });

  it('leaves the caller\'s bytes untouched (pdf.js gets a copy)', async () => {
    const pdf = buildPdf([{ runs: [{ x: 72, y: 700, size: 12, text: 'Keep me.' }] }]);
    const before = Buffer.from(pdf);
    await parseDocument('keep.pdf', pdf);
    expect(pdf.byteLength).toBe(before.length);
    expect(Buffer.from(pdf).equals(before)).toBe(true);
  });
});

describe('damaged files', () => {
  it('reads or refuses randomly corrupted, truncated and spliced files with a UserError, never anything else', async () => {
    let seed = 20240611;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const originals: [string, Uint8Array][] = [
      ['a.docx', buildDocx({ body: wParagraph('Hello 你好') + wTable([['a', 'b']]), footnotes: { 1: 'note' } })],
      ['a.odt', buildOdt({ body: '<text:h text:outline-level="1">H</text:h><text:p>P<text:s text:c="2"/>x</text:p>' })],
      ['a.pdf', buildPdf([{ runs: [{ x: 72, y: 700, size: 12, text: 'Hello' }] }, { runs: [{ x: 72, y: 700, size: 12, text: '你好世界', font: 'cjk' }] }])],
      ['a.html', Buffer.from('<html><head><meta charset="utf-8"><script>x<y</script></head><body><h1>T</h1><p>a &amp; b<br>c</p><table><tr><td>1<td>2</table>')],
      ['a.vtt', Buffer.from('WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>Hi <b>there</b>\n\n00:02.000 --> 00:03.000\nB: yes\n')],
      ['a.txt', Buffer.from('Interviewer: hi\nR1: 第一条 ok\n')],
    ];
    let read = 0;
    let refused = 0;
    for (const [name, original] of originals) {
      for (let round = 0; round < 15; round += 1) {
        const copy = new Uint8Array(original);
        for (let flips = 0; flips < 1 + random() * 6; flips += 1) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
        const cut = Math.floor(random() * copy.length);
        const variant = round % 3 === 0 ? copy : round % 3 === 1 ? original.subarray(0, cut) : Buffer.concat([original.subarray(0, cut), original.subarray(Math.floor(random() * original.length))]);
        try {
          const document = await parseDocument(name, variant);
          expect(document.text.trim().length).toBeGreaterThan(0);
          read += 1;
        } catch (error) {
          expect(error, `${name} round ${round}`).toBeInstanceOf(UserError);
          expect((error as UserError).message).toContain(name);
          refused += 1;
        }
      }
    }
    expect(read + refused).toBe(originals.length * 15);
    expect(refused).toBeGreaterThan(0);
  });
});

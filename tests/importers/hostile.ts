// The bad-input batch of issue 3, written as real files into a folder, beside good files, for
// the service and CLI tests (tests/services/importHostile.test.ts, tests/cli/import.test.ts).
import iconv from 'iconv-lite';
import { strToU8 } from 'fflate';
import { closeSync, openSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { breakXref, buildDocx, buildOdt, buildPdf, docxFiles, PNG_1x1, wParagraph, zip } from './fixtures';

/** The cap a batch with the zip bomb is imported under (the bomb expands past it; nothing else comes near). */
export const BOMB_CAP_BYTES = 1024 * 1024;

export type Expectation = Readonly<{
  file: string;
  /** 'failed': refused with a sentence naming the file; 'imported': read, with a note naming the problem. */
  outcome: 'failed' | 'imported';
  reason: RegExp;
}>;

const ENTITY_BOMB =
  '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
  '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n';
const EXTERNAL_ENTITY = '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n';

/** Good files of every format: each must come in whole, whatever else is in the batch. */
export function writeGoodFiles(dir: string): Record<string, string> {
  const files: Record<string, [Uint8Array, string]> = {
    'notes.txt': [Buffer.from('Interviewer: How did the pilot start?\nR1: With a county plan.\n'), 'With a county plan.'],
    '访谈.txt': [iconv.encode('问：平台怎么用？\n答：每个街道都有专人负责。\n', 'gb18030'), '每个街道都有专人负责。'],
    'memo.docx': [buildDocx({ body: wParagraph('The memo names forty tasks.') }), 'The memo names forty tasks.'],
    'report.odt': [buildOdt({ body: '<text:p>The report counts twelve platforms.</text:p>' }), 'The report counts twelve platforms.'],
    'page.pdf': [buildPdf([{ runs: [{ x: 72, y: 700, size: 12, text: 'A page about data sharing.' }] }]), 'A page about data sharing.'],
    'talk.vtt': [Buffer.from('WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ana>We met the county office.\n'), 'Ana: We met the county office.'],
    'notice.html': [Buffer.from('<html><body><h1>Notice</h1><p>Services go online.</p><script>alert(1)</script></body></html>'), 'Services go online.'],
  };
  const expected: Record<string, string> = {};
  for (const [name, [bytes, text]] of Object.entries(files)) {
    writeFileSync(join(dir, name), bytes);
    expected[name] = text;
  }
  return expected;
}

/** Writes each hostile file of the list into `dir` and says what must become of it. */
export function writeHostileFiles(dir: string): Expectation[] {
  const write = (name: string, bytes: Uint8Array | string): void => writeFileSync(join(dir, name), bytes);

  write('empty.txt', new Uint8Array(0));
  const png = new Uint8Array(4096);
  png.set(PNG_1x1);
  write('photo.txt', png);
  const docx = buildDocx({ body: wParagraph('A whole document, soon cut in half.') });
  write('truncated.docx', docx.subarray(0, Math.floor(docx.length / 2)));
  write('slip.docx', zip({ ...docxFiles({ body: wParagraph('hello') }), '../../x': strToU8('owned') }));
  const bomb = docxFiles({ body: wParagraph('small') });
  bomb['word/media/padding.bin'] = new Uint8Array(3 * BOMB_CAP_BYTES);
  write('bomb.docx', zip(bomb));
  write('entities.docx', buildDocx({ body: wParagraph('&lol3;'), prolog: ENTITY_BOMB }));
  write('external.docx', buildDocx({ body: wParagraph('&xxe;'), prolog: EXTERNAL_ENTITY }));
  write(
    'external.odt',
    buildOdt({ body: '<text:p>x</text:p>', parts: { 'styles.xml': `<?xml version="1.0"?>\n${EXTERNAL_ENTITY}<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>` } }),
  );
  write('locked.pdf', buildPdf([{ runs: [{ x: 72, y: 700, size: 12, text: 'Confidential minutes' }] }], { encrypt: { userPassword: 'open sesame', ownerPassword: 'owner' } }));
  write(
    'broken-xref.pdf',
    breakXref(buildPdf([{ runs: [{ x: 72, y: 700, size: 12, text: 'Page one survives.' }] }, { runs: [{ x: 72, y: 700, size: 12, text: 'Page two survives.' }] }])),
  );
  write(
    'invalid-utf8.txt',
    Buffer.concat([
      Buffer.from('第一行是正常的中文。\n第二行有坏字节'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('这里。\n第三行正常。\n第四行有代理项'),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from('结束。\n'),
    ]),
  );
  // 2 GB without using the disk: a sparse file; the size cap must refuse it from fs.stat alone.
  const huge = join(dir, 'huge.txt');
  closeSync(openSync(huge, 'w'));
  truncateSync(huge, 2 * 1024 ** 3);
  const cue = '\n\n00:00:01.000 --> 00:00:02.000\nWe talked about the grid.';
  write('million.vtt', `WEBVTT${cue.repeat(1_000_000)}\n`);

  return [
    { file: 'empty.txt', outcome: 'failed', reason: /empty\.txt is empty \(0 bytes\)/ },
    { file: 'photo.txt', outcome: 'failed', reason: /photo\.txt is not a text file: it looks like a PNG image/ },
    { file: 'truncated.docx', outcome: 'failed', reason: /truncated\.docx is damaged or incomplete/ },
    { file: 'slip.docx', outcome: 'failed', reason: /slip\.docx contains a file named "\.\.\/\.\.\/x" that climbs out of the archive/ },
    { file: 'bomb.docx', outcome: 'failed', reason: /bomb\.docx expands to more than 1\.0 MB when unpacked \(maxInflatedBytes\).+zip bomb/ },
    { file: 'entities.docx', outcome: 'failed', reason: /entities\.docx contains a document type declaration.+"word\/document\.xml"/ },
    { file: 'external.docx', outcome: 'failed', reason: /external\.docx contains a document type declaration/ },
    { file: 'external.odt', outcome: 'failed', reason: /external\.odt contains a document type declaration.+"styles\.xml"/ },
    { file: 'locked.pdf', outcome: 'failed', reason: /locked\.pdf is protected with a password/ },
    { file: 'broken-xref.pdf', outcome: 'imported', reason: /cross-reference table is damaged/ },
    { file: 'invalid-utf8.txt', outcome: 'imported', reason: /4 characters could not be decoded and were replaced with � \(U\+FFFD\) on lines 2 and 4/ },
    { file: 'huge.txt', outcome: 'failed', reason: /huge\.txt is 2\.0 GB, larger than the 200\.0 MB Marginalia imports in one file \(maxFileBytes\)/ },
    { file: 'million.vtt', outcome: 'failed', reason: /million\.vtt has more than 200,000 subtitle cues.+\(maxCues\)/ },
  ];
}

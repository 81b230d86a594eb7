import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../electron/importers/index';
import {
  buildCompoundFile,
  buildDocx,
  docxFiles,
  forgeDeclaredSize,
  wFootnoteParagraph,
  wImageParagraph,
  wListItem,
  wParagraph,
  wTable,
  zip,
} from './fixtures';
import { expectRefusal, expectWellFormed, spansOf, spanText } from './helpers';

const ENTITY_BOMB =
  '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
  '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n';
const EXTERNAL_ENTITY = '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n';

describe('docx', () => {
  it('keeps headings with levels, list items, table rows, footnotes, and drops images with a note', async () => {
    const body = [
      wParagraph('访谈记录 Interview notes', 'Heading1'),
      wParagraph('背景 Background', 'Heading2'),
      wFootnoteParagraph('数字治理 & digital governance', 1, ' continues here.'),
      wListItem('first item', 1),
      wListItem('nested point', 1, 1),
      wListItem('second item', 1),
      wTable([
        ['省份', 'Year'],
        ['浙江', '2021'],
      ]),
      wImageParagraph('Text after the chart.'),
      wParagraph('第一条　为了规范数据处理活动，制定本办法。'),
    ].join('');
    const document = await parseDocument('interview.docx', buildDocx({ body, footnotes: { 1: 'Footnote text 脚注。' }, image: true }));
    expectWellFormed(document);
    expect(document.text).toBe(
      [
        '访谈记录 Interview notes',
        '',
        '背景 Background',
        '',
        '数字治理 & digital governance[1] continues here.',
        '',
        'first item',
        'nested point',
        'second item',
        '',
        '省份\tYear',
        '浙江\t2021',
        '',
        'Text after the chart.',
        '',
        '第一条　为了规范数据处理活动，制定本办法。',
        '',
        'Footnotes',
        '',
        '[1] Footnote text 脚注。',
      ].join('\n'),
    );
    const headings = spansOf(document, 'heading');
    expect(headings.map((span) => [spanText(document, span), span.level])).toEqual([
      ['访谈记录 Interview notes', 1],
      ['背景 Background', 2],
      ['Footnotes', 1],
    ]);
    const items = document.structure.filter((span) => span.label === '1.' || span.label === '2.' || span.label === '•');
    expect(items.map((span) => [spanText(document, span), span.label, span.level])).toEqual([
      ['first item', '1.', 1],
      ['nested point', '•', 2],
      ['second item', '2.', 1],
    ]);
    expect(spansOf(document, 'article').map((span) => span.label)).toEqual(['第一条']);
    expect(document.notes).toContain('1 image was left out; Marginalia imports the text only.');
    expect(document.mimeType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  });

  it('refuses a truncated docx', async () => {
    const whole = buildDocx({ body: wParagraph('Some text that will be cut off. '.repeat(50)) });
    await expectRefusal(parseDocument('cut.docx', whole.subarray(0, Math.floor(whole.length * 0.6))), 'cut.docx', /damaged or incomplete/);
  });

  it('refuses a docx whose zip has an entry named ../../x (zip slip)', async () => {
    const files = { ...docxFiles({ body: wParagraph('hello') }), '../../x': strToU8('owned') };
    await expectRefusal(parseDocument('slip.docx', zip(files)), 'slip.docx', /"\.\.\/\.\.\/x" that climbs out of the archive/);
    const absolute = { ...docxFiles({ body: wParagraph('hello') }), '/etc/cron.d/x': strToU8('owned') };
    await expectRefusal(parseDocument('absolute.docx', zip(absolute)), 'absolute.docx', /is an absolute path/);
  });

  it('refuses a zip bomb by its declared size', async () => {
    const files = docxFiles({ body: wParagraph('small') });
    files['word/media/padding.bin'] = new Uint8Array(3 * 1024 * 1024);
    const bytes = zip(files);
    expect(bytes.length).toBeLessThan(64 * 1024);
    await expectRefusal(parseDocument('bomb.docx', bytes, { caps: { maxInflatedBytes: 1024 * 1024 } }), 'bomb.docx', /expands to more than 1\.0 MB.+zip bomb/);
  });

  it('refuses a zip bomb whose headers lie about its size, stopping the inflation at the cap', async () => {
    const files = docxFiles({ body: wParagraph('x') });
    files['word/document.xml'] = strToU8(`<?xml version="1.0"?><w:document xmlns:w="x"><w:body>${' '.repeat(5 * 1024 * 1024)}</w:body></w:document>`);
    const lying = forgeDeclaredSize(zip(files), 'word/document.xml', 1000);
    await expectRefusal(parseDocument('liar.docx', lying, { caps: { maxInflatedBytes: 1024 * 1024 } }), 'liar.docx', /zip bomb/);
  });

  it('refuses too many entries', async () => {
    const files = docxFiles({ body: wParagraph('x') });
    for (let index = 0; index < 40; index += 1) files[`word/extra${index}.xml`] = strToU8('<a/>');
    await expectRefusal(parseDocument('many.docx', zip(files), { caps: { maxZipEntries: 20 } }), 'many.docx', /holds \d+ files inside, more than the 20/);
  });

  it('refuses an XML entity bomb and an external entity, in the main part or any other XML part', async () => {
    await expectRefusal(parseDocument('bomb.docx', buildDocx({ body: wParagraph('&lol3;'), prolog: ENTITY_BOMB })), 'bomb.docx', /document type declaration.+"word\/document\.xml"/);
    await expectRefusal(parseDocument('xxe.docx', buildDocx({ body: wParagraph('&xxe;'), prolog: EXTERNAL_ENTITY })), 'xxe.docx', /<!DOCTYPE>/);
    const styles = `<?xml version="1.0"?>\n${EXTERNAL_ENTITY}<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>`;
    await expectRefusal(parseDocument('styles.docx', buildDocx({ body: wParagraph('ok'), parts: { 'word/styles.xml': styles } })), 'styles.docx', /"word\/styles\.xml"/);
  });

  it('refuses an encrypted docx (an OLE file with an EncryptedPackage) and an old .doc renamed .docx', async () => {
    await expectRefusal(parseDocument('secret.docx', buildCompoundFile(['EncryptionInfo', 'EncryptedPackage'])), 'secret.docx', /password-protected \(encrypted\)/);
    await expectRefusal(parseDocument('old.docx', buildCompoundFile(['WordDocument'])), 'old.docx', /old binary Word format/);
    await expectRefusal(parseDocument('old.doc', buildCompoundFile(['WordDocument'])), 'old.doc', /cannot import \.doc files; .+save it as \.docx/);
  });

  it('refuses a renamed file and a zip that is not a Word document', async () => {
    await expectRefusal(parseDocument('notes.docx', Buffer.from('just some text')), 'notes.docx', /not a zip archive/);
    await expectRefusal(parseDocument('photos.docx', zip({ 'a.txt': strToU8('x') })), 'photos.docx', /no word\/document\.xml part/);
  });
});

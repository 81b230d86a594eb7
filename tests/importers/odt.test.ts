import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../electron/importers/index';
import { buildOdt } from './fixtures';
import { expectRefusal, expectWellFormed, spansOf, spanText } from './helpers';

const BODY = [
  '<text:h text:outline-level="1">调研报告 Field report</text:h>',
  '<text:p text:style-name="P1">First<text:s text:c="3"/>paragraph &amp; more,   with\n  collapsed   spaces<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>A note 注释。</text:p></text:note-body></text:note>.</text:p>',
  '<text:h text:outline-level="2">方法</text:h>',
  '<text:list><text:list-item><text:p>访谈二十人</text:p></text:list-item><text:list-item><text:p>Two<text:tab/>groups<text:line-break/>in May</text:p><text:list><text:list-item><text:p>nested</text:p></text:list-item></text:list></text:list-item></text:list>',
  '<table:table table:name="T1"><table:table-column/><table:table-row><table:table-cell><text:p>省份</text:p></table:table-cell><table:table-cell><text:p>人数</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell><text:p>浙江</text:p></table:table-cell><table:table-cell><text:p>12</text:p></table:table-cell></table:table-row></table:table>',
  '<text:p><office:annotation><text:p>reviewer comment</text:p></office:annotation>Visible <text:span>text</text:span> &#x4E2D;&#25991;<draw:frame><draw:image xlink:href="Pictures/a.png"/></draw:frame></text:p>',
].join('');

describe('odt', () => {
  it('reads headings with outline levels, paragraphs, lists, tables and notes; comments and images are left out', async () => {
    const document = await parseDocument('report.odt', buildOdt({ body: BODY }));
    expectWellFormed(document);
    expect(document.text).toBe(
      [
        '调研报告 Field report',
        '',
        'First   paragraph & more, with collapsed spaces[1].',
        '',
        '方法',
        '',
        '访谈二十人',
        'Two\tgroups\nin May',
        'nested',
        '',
        '省份\t人数',
        '浙江\t12',
        '',
        'Visible text 中文',
        '',
        'Footnotes',
        '',
        '[1] A note 注释。',
      ].join('\n'),
    );
    expect(spansOf(document, 'heading').map((span) => [spanText(document, span), span.level])).toEqual([
      ['调研报告 Field report', 1],
      ['方法', 2],
      ['Footnotes', 1],
    ]);
    expect(document.structure.filter((span) => span.label === '•').map((span) => span.level)).toEqual([1, 1, 2]);
    expect(document.notes).toContain('1 image was left out; Marginalia imports the text only.');
  });

  it('refuses an entity bomb in content.xml and an external entity in styles.xml', async () => {
    const bomb = '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n';
    await expectRefusal(parseDocument('bomb.odt', buildOdt({ body: '<text:p>&b;</text:p>', prolog: bomb })), 'bomb.odt', /"content\.xml"/);
    const styles = '<?xml version="1.0"?>\n<!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]><office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>';
    await expectRefusal(parseDocument('xxe.odt', buildOdt({ body: '<text:p>ok</text:p>', parts: { 'styles.xml': styles } })), 'xxe.odt', /"styles\.xml"/);
  });

  it('refuses zip slip, a spreadsheet renamed .odt, a password-protected file and broken XML', async () => {
    const slip = zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.text'), 'content.xml': strToU8('<a/>'), '..\\..\\evil': strToU8('x') });
    await expectRefusal(parseDocument('slip.odt', slip), 'slip.odt', /climbs out of the archive/);
    const spreadsheet = zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.spreadsheet'), 'content.xml': strToU8('<a/>') });
    await expectRefusal(parseDocument('sheet.odt', spreadsheet), 'sheet.odt', /not an OpenDocument text.+spreadsheet/);
    const encrypted = buildOdt({ body: '<text:p>x</text:p>', manifestExtra: '<manifest:encryption-data manifest:checksum-type="SHA1"/>' });
    await expectRefusal(parseDocument('locked.odt', encrypted), 'locked.odt', /password-protected/);
    await expectRefusal(parseDocument('broken.odt', buildOdt({ body: '<text:p>unclosed' })), 'broken.odt', /not well-formed XML/);
  });
});

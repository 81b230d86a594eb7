import { describe, expect, it } from 'vitest';
import { UserError } from '../../electron/util/errors';
import { readQdc, readQde, readQdpx } from '../../electron/exchange/read';
import { buildZip, utf8 } from './support';

/*
 * A .qdpx is a file from someone else: every refusal GUIDE.md §8 asks for, each with a
 * UserError that names the file and the reason.
 */

const MINIMAL = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="x" origin="Test">
 <Sources><TextSource guid="b0000000-0000-4000-8000-000000000001" name="S" plainTextPath="internal://b0000000-0000-4000-8000-000000000001.txt"/></Sources>
</Project>`;

function refusal(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error('expected a refusal');
}

describe('hostile archives', () => {
  it('refuses an entry that climbs out of the folder (zip slip)', () => {
    const bytes = buildZip([
      { name: 'project.qde', data: utf8(MINIMAL) },
      { name: 'sources/../../../home/user/.ssh/authorized_keys', data: utf8('ssh-rsa AAAA') },
    ]);
    const error = refusal(() => readQdpx(bytes, { fileName: 'colleague.qdpx' }));
    expect(error.code).toBe('unsupported-format');
    expect(error.message).toMatch(
      /^colleague\.qdpx was refused: the entry "sources\/\.\.\/\.\.\/\.\.\/home\/user\/\.ssh\/authorized_keys" is unsafe/,
    );
    expect(error.message).toMatch(/zip slip/);
  });

  it('refuses absolute paths, drive letters, backslashes and symbolic links', () => {
    for (const name of ['/etc/passwd', 'C:/Windows/win.ini', 'sources\\..\\evil.txt']) {
      const bytes = buildZip([
        { name: 'project.qde', data: utf8(MINIMAL) },
        { name, data: utf8('x') },
      ]);
      expect(refusal(() => readQdpx(bytes, { fileName: 'a.qdpx' })).message).toMatch(/is unsafe/);
    }
    const link = buildZip([
      { name: 'project.qde', data: utf8(MINIMAL) },
      {
        name: 'sources/b0000000-0000-4000-8000-000000000001.txt',
        data: utf8('/etc/passwd'),
        method: 'store',
        unixMode: 0o120777,
      },
    ]);
    expect(refusal(() => readQdpx(link, { fileName: 'a.qdpx' })).message).toMatch(/symbolic link/);
  });

  it('stops a zip bomb at a lowered cap on the inflated size', () => {
    // 8 MiB of spaces deflate to a few kilobytes; the cap here is 1 MiB.
    const bomb = new Uint8Array(8 * 1024 * 1024).fill(0x20);
    const bytes = buildZip([
      { name: 'project.qde', data: utf8(MINIMAL) },
      { name: 'sources/b0000000-0000-4000-8000-000000000001.txt', data: bomb },
    ]);
    const error = refusal(() => readQdpx(bytes, { fileName: 'bomb.qdpx', limits: { maxEntryBytes: 1024 * 1024 } }));
    expect(error.message).toMatch(/^bomb\.qdpx was refused: "sources\/b0000000-0000-4000-8000-000000000001\.txt"/);
  });

  it('checks while inflating, so a header that understates the size does not get through', () => {
    // The headers claim 100 bytes; the data inflates to 8 MiB. The default caps apply.
    const bytes = buildZip([
      { name: 'project.qde', data: utf8(MINIMAL) },
      {
        name: 'sources/b0000000-0000-4000-8000-000000000001.txt',
        data: new Uint8Array(8 * 1024 * 1024).fill(0x41),
        declaredSize: 100,
      },
    ]);
    expect(refusal(() => readQdpx(bytes, { fileName: 'liar.qdpx' })).message).toMatch(
      /^liar\.qdpx was refused: "sources\/b0000000-0000-4000-8000-000000000001\.txt" unpacks to more than the 100 bytes its header declares; .*zip bomb/,
    );
  });

  it('caps what all entries unpack to together', () => {
    // Two texts of 600 KiB each, under a 1 MiB cap for the whole archive: the second is refused.
    const xml = MINIMAL.replace(
      '</Sources>',
      '<TextSource guid="b0000000-0000-4000-8000-000000000002" name="T" plainTextPath="internal://b0000000-0000-4000-8000-000000000002.txt"/></Sources>',
    );
    const text = new Uint8Array(600 * 1024).fill(0x42);
    const bytes = buildZip([
      { name: 'project.qde', data: utf8(xml) },
      { name: 'sources/b0000000-0000-4000-8000-000000000001.txt', data: text },
      { name: 'sources/b0000000-0000-4000-8000-000000000002.txt', data: text },
    ]);
    const error = refusal(() => readQdpx(bytes, { fileName: 'total.qdpx', limits: { maxTotalBytes: 1024 * 1024 } }));
    expect(error.message).toMatch(/b0000000-0000-4000-8000-000000000002\.txt" takes the unpacked files over the limit/);
  });

  it('refuses an archive with more entries than the cap, before reading any of them', () => {
    const entries = Array.from({ length: 30 }, (_unused, index) => ({ name: `sources/${index}.txt`, data: utf8('x') }));
    const bytes = buildZip([{ name: 'project.qde', data: utf8(MINIMAL) }, ...entries]);
    expect(refusal(() => readQdpx(bytes, { fileName: 'many.qdpx', limits: { maxEntries: 10 } })).message).toMatch(
      /holds 31 files/,
    );
  });

  it('refuses a file that is not a ZIP, and an archive without a project', () => {
    expect(refusal(() => readQdpx(utf8('just text'), { fileName: 'x.qdpx' })).message).toMatch(/not a ZIP archive/);
    expect(
      refusal(() => readQdpx(buildZip([{ name: 'notes.txt', data: utf8('x') }]), { fileName: 'x.qdpx' })).message,
    ).toMatch(/holds no project\.qde/);
  });
});

describe('hostile XML', () => {
  const entityBomb = `<?xml version="1.0"?>
<!DOCTYPE Project [
 <!ENTITY a "aaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&c;"/>`;

  it('refuses a DOCTYPE entity bomb inside a .qdpx, naming the file', () => {
    const bytes = buildZip([{ name: 'project.qde', data: utf8(entityBomb) }]);
    const error = refusal(() => readQdpx(bytes, { fileName: 'laughs.qdpx' }));
    expect(error.message).toMatch(/^project\.qde was refused: it declares a DOCTYPE/);
  });

  it('refuses DOCTYPE and external entities in a .qde and a .qdc', () => {
    const external =
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><CodeBook>&xxe;</CodeBook>';
    expect(refusal(() => readQdc(external, { fileName: 'book.qdc' })).message).toMatch(
      /^book\.qdc was refused: it declares a DOCTYPE/,
    );
    expect(refusal(() => readQde(entityBomb, { fileName: 'p.qde' })).message).toMatch(/DOCTYPE/);
  });

  it('refuses malformed XML with its line and column', () => {
    expect(refusal(() => readQde('<Project name="a"><Users></Project>', { fileName: 'broken.qde' })).message).toMatch(
      /^broken\.qde is not well-formed XML \(line 1/,
    );
  });

  it('refuses absurd nesting', () => {
    const deep = `<Project xmlns="urn:QDA-XML:project:1.0" name="d"><CodeBook><Codes>${'<Code guid="c0000000-0000-4000-8000-000000000001" name="x" isCodable="true">'.repeat(400)}${'</Code>'.repeat(400)}</Codes></CodeBook></Project>`;
    expect(refusal(() => readQde(deep, { fileName: 'deep.qde' })).message).toMatch(
      /^deep\.qde could not be read as XML/,
    );
  });
});

describe('paths that point outside the archive', () => {
  it('never follows absolute:// or relative:// paths or internal:// paths with folders, and reports each', () => {
    const xml = `<Project xmlns="urn:QDA-XML:project:1.0" name="x" origin="Test" basePath="/Users/someone/Documents">
 <Sources>
  <TextSource guid="b0000000-0000-4000-8000-000000000001" name="Passwords" plainTextPath="absolute:///etc/passwd"/>
  <TextSource guid="b0000000-0000-4000-8000-000000000002" name="Keys" plainTextPath="relative:///../.ssh/id_rsa"/>
  <TextSource guid="b0000000-0000-4000-8000-000000000003" name="Climb" plainTextPath="internal://../../x.txt"/>
  <TextSource guid="b0000000-0000-4000-8000-000000000004" name="Fine" plainTextPath="internal://b0000000-0000-4000-8000-000000000004.txt"/>
 </Sources>
</Project>`;
    const model = readQdpx(
      buildZip([
        { name: 'project.qde', data: utf8(xml) },
        { name: 'sources/b0000000-0000-4000-8000-000000000004.txt', data: utf8('fine text') },
      ]),
      { fileName: 'paths.qdpx' },
    );
    expect(model.sources.map((source) => [source.name, source.text])).toEqual([
      ['Passwords', null],
      ['Keys', null],
      ['Climb', null],
      ['Fine', 'fine text'],
    ]);
    const report = model.report.join('\n');
    expect(report).toMatch(/1 source points to a file outside the exchange file \(absolute:\/\/\).*"Passwords"/);
    expect(report).toMatch(/1 source points to a file outside the exchange file \(relative:\/\/\).*"Keys"/);
    expect(report).toMatch(/named an internal file with a folder path \("Climb"\)/);
    expect(report).toMatch(/basePath/);
  });
});

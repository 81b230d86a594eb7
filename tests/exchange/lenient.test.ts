import { describe, expect, it } from 'vitest';
import { passageMatchesName, readQdc, readQde, readQdpx } from '../../electron/exchange/read';
import type { ExchangeProject } from '../../electron/exchange/model';
import { buildZip, utf8 } from './support';

/*
 * Files shaped like each tool's exports as GUIDE.md describes them, with text above U+FFFF
 * (where UTF-16 units and code points differ) and CRLF line endings (where NVivo counts two).
 * The positions are worked out by hand in the comments, never by the code under test.
 */

const BOM = '\uFEFF';

/** Every coded passage whose selection carries a quotation must read exactly that quotation. */
function expectPassagesMatchNames(model: ExchangeProject): number {
  let checked = 0;
  for (const source of model.sources) {
    for (const selection of source.selections) {
      if (!selection.name) continue;
      expect(source.text?.slice(selection.start, selection.end)).toBe(selection.name);
      checked += 1;
    }
  }
  return checked;
}

describe('an NVivo for Windows export (UTF-16 offsets, CRLF counted twice, BOM, Sources/, braced GUIDs)', () => {
  // Raw text after the BOM, in UTF-16 units:
  //   "Line one 😀 emoji" = 4+1+3+1 + 2 (😀) + 1+5 = 17 units, then CRLF at 17–18;
  //   "Second 𠀀 line" starts at 19, is 6+1+2+1+4 = 14 units → [19, 33); CRLF at 33–34;
  //   "Third line" starts at 35 → [35, 45).
  // Our stored text has LF, so each later passage moves back one unit per CRLF before it:
  //   "😀 emoji" [9, 17) stays; "Second 𠀀 line" → [18, 32); "Third line" → [33, 43).
  const text = `${BOM}Line one 😀 emoji\r\nSecond 𠀀 line\r\nThird line`;
  const source = '{8F1B2C3D-0000-4000-8000-00000000000A}';
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="NVivo study" origin="NVivo 12.6 for Windows" basePath="">
 <Users><User guid="{AAAAAAAA-0000-4000-8000-000000000001}" name="Ana" id="AN"/><User guid="{AAAAAAAA-0000-4000-8000-000000000002}" name="Ben" id="BE"/></Users>
 <CodeBook><Codes><Code guid="{CCCCCCCC-0000-4000-8000-000000000001}" name="Feeling" isCodable="true" color="#ABC"/></Codes></CodeBook>
 <Sources>
  <TextSource guid="${source}" name="Comments" plainTextPath="internal://8f1b2c3d-0000-4000-8000-00000000000a.txt">
   <PlainTextSelection guid="{EEEEEEEE-0000-4000-8000-000000000001}" name="😀 emoji" startPosition="9" endPosition="17" creatingUser="{AAAAAAAA-0000-4000-8000-000000000001}">
    <Coding guid="{DDDDDDDD-0000-4000-8000-000000000001}" creatingUser="{AAAAAAAA-0000-4000-8000-000000000001}"><CodeRef targetGUID="{CCCCCCCC-0000-4000-8000-000000000001}"/></Coding>
   </PlainTextSelection>
   <PlainTextSelection guid="{EEEEEEEE-0000-4000-8000-000000000002}" name="Second 𠀀 line" startPosition="19" endPosition="33" creatingUser="{AAAAAAAA-0000-4000-8000-000000000002}">
    <Coding guid="{DDDDDDDD-0000-4000-8000-000000000002}" creatingUser="{AAAAAAAA-0000-4000-8000-000000000002}"><CodeRef targetGUID="{CCCCCCCC-0000-4000-8000-000000000001}"/></Coding>
   </PlainTextSelection>
   <PlainTextSelection guid="{EEEEEEEE-0000-4000-8000-000000000003}" name="" startPosition="35" endPosition="45">
    <Coding guid="{DDDDDDDD-0000-4000-8000-000000000003}" creatingUser="{AAAAAAAA-0000-4000-8000-000000000002}"><CodeRef targetGUID="{CCCCCCCC-0000-4000-8000-000000000001}"/></Coding>
   </PlainTextSelection>
  </TextSource>
 </Sources>
</Project>`;
  const archive = buildZip([
    { name: 'project.qde', data: utf8(xml) },
    // Upper-case folder and file name: entries are matched case-insensitively (GUIDE.md §7.1).
    { name: 'Sources/8F1B2C3D-0000-4000-8000-00000000000A.TXT', data: utf8(text) },
  ]);

  it('reads UTF-16 offsets and CRLF counting into offsets of our LF text', () => {
    const model = readQdpx(archive, { fileName: 'nvivo.qdpx' });
    expect(model.report).toEqual([]);
    const [comments] = model.sources;
    expect(comments.guid).toBe('8f1b2c3d-0000-4000-8000-00000000000a');
    expect(comments.text).toBe('Line one 😀 emoji\nSecond 𠀀 line\nThird line');
    expect(comments.selections.map((selection) => [selection.start, selection.end])).toEqual([
      [9, 17],
      [18, 32],
      [33, 43],
    ]);
    expect(comments.text?.slice(33, 43)).toBe('Third line');
    expect(expectPassagesMatchNames(model)).toBe(2);
    // Per-coding authorship survives; NVivo's braces and upper case become our id form.
    expect(comments.selections.map((selection) => selection.codings[0].creatingUser)).toEqual([
      'aaaaaaaa-0000-4000-8000-000000000001',
      'aaaaaaaa-0000-4000-8000-000000000002',
      'aaaaaaaa-0000-4000-8000-000000000002',
    ]);
    expect(model.codes[0].color).toBe('#aabbcc');
  });
});

describe('a QualCoder / ATLAS.ti 26 style export (code points, Trial.qde, lower-case sources/)', () => {
  // Text "𠀀 alpha 😀 beta\ngamma 😀 delta". In code points: 𠀀 0, " alpha " 1–7, 😀 8, " " 9,
  // "beta" [10, 14), "\n" 14, "gamma 😀 delta" [15, 28). In UTF-16 units each astral character
  // takes two: "beta" [12, 16) and "gamma 😀 delta" [17, 31).
  const text = '𠀀 alpha 😀 beta\ngamma 😀 delta';
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Trial" origin="QualCoder 3.5" creatingUserGUID="99999999-0000-4000-8000-000000000000">
 <Users><User guid="aaaaaaaa-0000-4000-8000-000000000003" name="coder"/></Users>
 <CodeBook><Codes><Code guid="cccccccc-0000-4000-8000-000000000002" name="Category" isCodable="false"><Code guid="cccccccc-0000-4000-8000-000000000003" name="Child" isCodable="true"/></Code></Codes></CodeBook>
 <Sources>
  <TextSource guid="bbbbbbbb-0000-4000-8000-000000000001" name="Diary" plainTextPath="internal://bbbbbbbb-0000-4000-8000-000000000001.txt">
   <PlainTextSelection guid="eeeeeeee-0000-4000-8000-000000000011" name="beta" startPosition="10" endPosition="14" creatingUser="">
    <Coding guid="dddddddd-0000-4000-8000-000000000011" creatingUser="aaaaaaaa-0000-4000-8000-000000000003"><CodeRef targetGUID="cccccccc-0000-4000-8000-000000000003"/></Coding>
   </PlainTextSelection>
   <PlainTextSelection guid="eeeeeeee-0000-4000-8000-000000000012" name="gamma 😀 delta" startPosition="15" endPosition="28" creatingUser="aaaaaaaa-0000-4000-8000-000000000003">
    <Coding guid="dddddddd-0000-4000-8000-000000000012" creatingUser="aaaaaaaa-0000-4000-8000-000000000003"><CodeRef targetGUID="cccccccc-0000-4000-8000-000000000003"/></Coding>
   </PlainTextSelection>
  </TextSource>
 </Sources>
</Project>`;

  it('reads any top-level .qde and converts code points to UTF-16', () => {
    const model = readQdpx(
      buildZip([
        { name: 'Trial.qde', data: utf8(xml) },
        { name: 'sources/bbbbbbbb-0000-4000-8000-000000000001.txt', data: utf8(text) },
      ]),
    );
    const [diary] = model.sources;
    expect(diary.selections.map((selection) => [selection.start, selection.end])).toEqual([
      [12, 16],
      [17, 31],
    ]);
    expect(expectPassagesMatchNames(model)).toBe(2);
    expect(model.codes[0].isCodable).toBe(false);
    // QualCoder's creatingUserGUID that is not among the users is dropped, not invented.
    expect(model.creatingUserGuid).toBeNull();
    expect(model.report.join('\n')).toMatch(/malformed user reference/);
  });
});

describe('a MAXQDA style export (variables on sources and on anonymous cases, comment-only passages)', () => {
  // Text with CRLF, counted in code points as in the file (CRLF = 2): "Born 1970\r\nTeacher".
  // "Teacher" starts at 11 in the file and at 10 in our LF text.
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Survey" origin="MAXQDA 24 (Release 24.7.0)">
 <Users><User guid="F3EA8DA1-BB99-411F-8ED4-011170237B6C" name="johnb"/></Users>
 <CodeBook><Codes><Code guid="C1111111-0000-4000-8000-000000000001" name="Job" isCodable="true" color="#E34948"/></Codes></CodeBook>
 <Variables>
  <Variable guid="A1111111-0000-4000-8000-000000000001" name="province" typeOfVariable="Text"/>
  <Variable guid="A1111111-0000-4000-8000-000000000002" name="age" typeOfVariable="Integer"/>
 </Variables>
 <Cases>
  <Case guid="C9999999-0000-4000-8000-000000000001">
   <VariableValue><VariableRef targetGUID="A1111111-0000-4000-8000-000000000002"/><IntegerValue>54</IntegerValue></VariableValue>
   <SourceRef targetGUID="B1111111-0000-4000-8000-000000000001"/>
  </Case>
  <Case guid="C9999999-0000-4000-8000-000000000002" name="Household 7">
   <VariableValue><VariableRef targetGUID="A1111111-0000-4000-8000-000000000001"/><TextValue>Yunnan</TextValue></VariableValue>
   <SourceRef targetGUID="B1111111-0000-4000-8000-000000000002"/>
  </Case>
 </Cases>
 <Sources>
  <TextSource guid="B1111111-0000-4000-8000-000000000001" name="Respondent 1" plainTextPath="internal://B1111111-0000-4000-8000-000000000001.txt">
   <PlainTextSelection guid="E1111111-0000-4000-8000-000000000001" name="Teacher" startPosition="11" endPosition="18">
    <Coding guid="D1111111-0000-4000-8000-000000000001" creatingUser="F3EA8DA1-BB99-411F-8ED4-011170237B6C"><CodeRef targetGUID="C1111111-0000-4000-8000-000000000001"/></Coding>
   </PlainTextSelection>
   <PlainTextSelection guid="E1111111-0000-4000-8000-000000000002" startPosition="0" endPosition="4"><Description>check the year</Description></PlainTextSelection>
   <VariableValue><VariableRef targetGUID="A1111111-0000-4000-8000-000000000001"/><TextValue>Zhejiang</TextValue></VariableValue>
  </TextSource>
  <TextSource guid="B1111111-0000-4000-8000-000000000002" name="Respondent 1" plainTextPath="internal://B1111111-0000-4000-8000-000000000002.txt"/>
 </Sources>
</Project>`;

  it('puts an anonymous case’s values on its one source and keeps named cases', () => {
    const model = readQdpx(
      buildZip([
        { name: 'project.qde', data: utf8(xml) },
        { name: 'sources/B1111111-0000-4000-8000-000000000001.txt', data: utf8('Born 1970\r\nTeacher') },
        { name: 'sources/B1111111-0000-4000-8000-000000000002.txt', data: utf8('Farmer') },
      ]),
    );
    const [first, second] = model.sources;
    expect(first.variableValues).toEqual([
      { variableGuid: 'a1111111-0000-4000-8000-000000000001', value: 'Zhejiang' },
      { variableGuid: 'a1111111-0000-4000-8000-000000000002', value: '54' },
    ]);
    expect(second.variableValues).toEqual([]);
    expect(model.cases).toEqual([
      {
        guid: 'c9999999-0000-4000-8000-000000000002',
        name: 'Household 7',
        description: '',
        codeGuids: [],
        sourceGuids: ['b1111111-0000-4000-8000-000000000002'],
        variableValues: [{ variableGuid: 'a1111111-0000-4000-8000-000000000001', value: 'Yunnan' }],
      },
    ]);
    expect(first.selections[0]).toMatchObject({ start: 10, end: 17, name: 'Teacher' });
    expect(expectPassagesMatchNames(model)).toBe(1);
    // The comment-only passage is kept in the model with its memo and no codings.
    expect(first.selections[1]).toMatchObject({ description: 'check the year', codings: [] });
    // Duplicate source names (MAXQDA survey exports) are both kept.
    expect(second.name).toBe('Respondent 1');
  });
});

describe('choosing how positions count when the origin does not say', () => {
  it('switches to the convention under which the quotations match, and says so', () => {
    // An unknown tool that wrote UTF-16 offsets: "😀😀 target" has "target" at UTF-16 5
    // (code point 3). Read as code points, 5..11 would give "rget" + 2 more; as UTF-16 it fits.
    const xml = `<Project xmlns="urn:QDA-XML:project:1.0" name="x" origin="SomeTool 1.0">
 <CodeBook><Codes><Code guid="c0000000-0000-4000-8000-000000000001" name="A" isCodable="true"/></Codes></CodeBook>
 <Sources><TextSource guid="b0000000-0000-4000-8000-000000000001" name="S"><PlainTextContent>😀😀 target</PlainTextContent>
  <PlainTextSelection guid="e0000000-0000-4000-8000-000000000001" name="target" startPosition="5" endPosition="11">
   <Coding guid="d0000000-0000-4000-8000-000000000001"><CodeRef targetGUID="c0000000-0000-4000-8000-000000000001"/></Coding>
  </PlainTextSelection></TextSource></Sources>
</Project>`;
    const model = readQde(xml);
    expect(model.sources[0].selections[0]).toMatchObject({ start: 5, end: 11 });
    expect(expectPassagesMatchNames(model)).toBe(1);
    expect(model.report.join('\n')).toMatch(/read as UTF-16 code units/);
  });

  it('compares quotations truncated with an ellipsis by their beginning, as ATLAS.ti writes them', () => {
    expect(passageMatchesName('For some reason babies aren’t supposed to', 'For some reason…')).toBe(true);
    expect(passageMatchesName('For some reason', 'For other reasons…')).toBe(false);
    expect(passageMatchesName('two\nlines', 'two lines')).toBe(true);
  });

  it('reports passages whose text differs from their quotation (a renamed ATLAS.ti quotation)', () => {
    const xml = `<Project xmlns="urn:QDA-XML:project:1.0" name="x" origin="ATLAS.ti 8.4.0">
 <CodeBook><Codes><Code guid="c0000000-0000-4000-8000-000000000001" name="A" isCodable="true"/></Codes></CodeBook>
 <Sources><TextSource guid="b0000000-0000-4000-8000-000000000001" name="S"><PlainTextContent>The fatty foods did damage.</PlainTextContent>
  <PlainTextSelection guid="e0000000-0000-4000-8000-000000000001" name="damage done by fatty foods" startPosition="4" endPosition="26"/>
 </TextSource></Sources>
</Project>`;
    expect(readQde(xml).report.join('\n')).toMatch(/1 coded passage does not match the quotation/);
  });
});

describe('namespaces, GUIDs and colours', () => {
  it('accepts namespace variants, and reads a project without one with a note', () => {
    const body = '<Users><User guid="{AAAAAAAA-0000-4000-8000-000000000001}" name="A"/></Users>';
    expect(readQde(`<Project xmlns="urn:QDA-XML:project:0:10" name="a">${body}</Project>`).report).toEqual([]);
    expect(
      readQde(
        `<q:Project xmlns:q="urn:QDA-XML:project:1.0" name="a"><q:Users><q:User guid="aaaaaaaa-0000-4000-8000-000000000001"/></q:Users></q:Project>`,
      ).users,
    ).toHaveLength(1);
    const bare = readQde(`<Project name="a">${body}</Project>`);
    expect(bare.users[0].guid).toBe('aaaaaaaa-0000-4000-8000-000000000001');
    expect(bare.report.join('\n')).toMatch(/does not use the REFI-QDA project namespace/);
  });

  it('reads NVivo Mac’s codebook:1:0 namespace, rgb() and alpha colours, and both MemberCode spellings', () => {
    const codebook = readQdc(`<?xml version="1.0"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1:0" origin="NVivo for Mac 12">
 <Codes>
  <Code guid="{11111111-0000-4000-8000-000000000001}" name="Red" isCodable="true" color="rgb(255, 0, 0)"><Description>warm &amp; bright</Description></Code>
  <Code guid="11111111-0000-4000-8000-000000000002" name="Seethrough" isCodable="1" color="#11223380"/>
  <Code guid="11111111-0000-4000-8000-000000000003" name="Odd" isCodable="true" color="teal"/>
 </Codes>
 <Sets><Set guid="22222222-0000-4000-8000-000000000001" name="Warm"><MemberCode guid="11111111-0000-4000-8000-000000000001"/><MemberCode targetGUID="11111111-0000-4000-8000-000000000002"/></Set></Sets>
</CodeBook>`);
    expect(codebook.codes.map((code) => [code.name, code.color, code.description])).toEqual([
      ['Red', '#ff0000', 'warm & bright'],
      ['Seethrough', '#112233', ''],
      ['Odd', null, ''],
    ]);
    expect(codebook.sets[0].codeGuids).toEqual([
      '11111111-0000-4000-8000-000000000001',
      '11111111-0000-4000-8000-000000000002',
    ]);
    expect(codebook.report.join('\n')).toMatch(/transparency/);
    expect(codebook.report.join('\n')).toMatch(/could not be read/);
  });

  it('refuses a codebook where a project is expected, and the other way round, with a clear message', () => {
    expect(() => readQde('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>')).toThrow(/is a codebook/);
    expect(() => readQdc('<Project xmlns="urn:QDA-XML:project:1.0" name="a"/>')).toThrow(/is a whole project/);
    expect(() => readQde('<html/>')).toThrow(/not a REFI-QDA project/);
  });
});

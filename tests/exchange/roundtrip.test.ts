import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ExchangeProject } from '../../electron/exchange/model';
import { readQdc, readQdpx } from '../../electron/exchange/read';
import { writeQdc, writeQde, writeQdpx } from '../../electron/exchange/write';
import { codebookSchema, projectSchema, validateWithXmllint } from './support';

/*
 * Model → .qdpx → model is the identity, including text above U+FFFF, and what we write
 * validates against the official schemas with xmllint (offline, --nonet).
 */

const ANA = '1a2b3c4d-0000-4000-8000-00000000a0a0';
const BEN = '1a2b3c4d-0000-4000-8000-00000000b0b0';
const TEXT = '𠀀 opening line\n😀 the service was slow & "cheap" <really>\nlast line 😀';
// Positions in UTF-16 units of TEXT. Line 1, "𠀀 opening line", is 2 + 13 = 15 units, so
// "opening" is [3, 10) and the LF sits at 15. Line 2 is 😀 (2 units) + 40 more = 42 units:
// [16, 58); LF at 58. Line 3, "last line 😀", is 10 + 2 units: [59, 71), the end of the text.
const PDF_TEXT = 'Page one of the 𠀀 report.';

function richModel(): ExchangeProject {
  return {
    name: 'Governance & trust — 数字治理',
    origin: 'Marginalia',
    description: 'Project-wide notes',
    creatingUserGuid: ANA,
    createdAt: '2026-01-05T10:00:00.000Z',
    modifiedAt: '2026-02-01T08:30:00Z',
    users: [
      { guid: ANA, name: 'Ana', initials: 'AN' },
      { guid: BEN, name: 'Ben', initials: null },
    ],
    codes: [
      {
        guid: 'c0de0000-0000-4000-8000-000000000001',
        name: 'Barriers',
        color: '#e34948',
        description: 'Anything that stops people.\nSecond line of the description.',
        isCodable: true,
        children: [
          {
            guid: 'c0de0000-0000-4000-8000-000000000002',
            name: 'Cost',
            color: '#0072b2',
            description: '',
            isCodable: true,
            children: [],
          },
          {
            guid: 'c0de0000-0000-4000-8000-000000000003',
            name: 'Time 😀',
            color: '#009e73',
            description: 'nested',
            isCodable: true,
            children: [
              {
                guid: 'c0de0000-0000-4000-8000-000000000004',
                name: 'Waiting',
                color: '#cc79a7',
                description: '',
                isCodable: true,
                children: [],
              },
            ],
          },
        ],
      },
      {
        guid: 'c0de0000-0000-4000-8000-000000000005',
        name: 'Folder',
        color: null,
        description: '',
        isCodable: false,
        children: [],
      },
    ],
    variables: [
      {
        guid: 'a77a0000-0000-4000-8000-000000000001',
        name: 'province',
        type: 'Text',
        description: 'Where the interview took place',
      },
      { guid: 'a77a0000-0000-4000-8000-000000000002', name: 'age', type: 'Integer', description: '' },
      { guid: 'a77a0000-0000-4000-8000-000000000003', name: 'score', type: 'Float', description: '' },
      { guid: 'a77a0000-0000-4000-8000-000000000004', name: 'interviewed', type: 'Date', description: '' },
      { guid: 'a77a0000-0000-4000-8000-000000000005', name: 'consent', type: 'Boolean', description: '' },
    ],
    cases: [
      {
        guid: 'ca5e0000-0000-4000-8000-000000000001',
        name: 'Household 3',
        description: 'two interviews',
        codeGuids: ['c0de0000-0000-4000-8000-000000000002'],
        sourceGuids: ['50c00000-0000-4000-8000-000000000001'],
        variableValues: [{ variableGuid: 'a77a0000-0000-4000-8000-000000000001', value: '浙江' }],
      },
    ],
    sources: [
      {
        guid: '50c00000-0000-4000-8000-000000000001',
        name: 'Interview 1',
        kind: 'text',
        text: TEXT,
        original: { extension: 'docx', bytes: new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]) },
        description: 'source memo',
        creatingUser: ANA,
        createdAt: '2026-01-05T10:01:00Z',
        modifiedAt: null,
        selections: [
          {
            guid: '5e1e0000-0000-4000-8000-000000000001',
            name: 'opening',
            start: 3,
            end: 10,
            description: 'a memo on the coding\nwith two lines',
            creatingUser: ANA,
            createdAt: '2026-01-06T09:00:00Z',
            codings: [
              {
                guid: 'c0d10000-0000-4000-8000-000000000001',
                codeGuid: 'c0de0000-0000-4000-8000-000000000002',
                creatingUser: ANA,
                createdAt: '2026-01-06T09:00:00Z',
              },
            ],
          },
          {
            guid: '5e1e0000-0000-4000-8000-000000000002',
            name: '😀 the service was slow & "cheap" <really>',
            start: 16,
            end: 58,
            description: '',
            creatingUser: BEN,
            createdAt: null,
            codings: [
              {
                guid: 'c0d10000-0000-4000-8000-000000000002',
                codeGuid: 'c0de0000-0000-4000-8000-000000000004',
                creatingUser: BEN,
                createdAt: null,
              },
              {
                guid: 'c0d10000-0000-4000-8000-000000000003',
                codeGuid: 'c0de0000-0000-4000-8000-000000000001',
                creatingUser: ANA,
                createdAt: null,
              },
            ],
          },
          {
            guid: '5e1e0000-0000-4000-8000-000000000003',
            name: 'last line 😀',
            start: 59,
            end: TEXT.length,
            description: '',
            creatingUser: BEN,
            createdAt: null,
            codings: [
              {
                guid: 'c0d10000-0000-4000-8000-000000000004',
                codeGuid: 'c0de0000-0000-4000-8000-000000000003',
                creatingUser: BEN,
                createdAt: null,
              },
            ],
          },
        ],
        codings: [
          {
            guid: 'c0d10000-0000-4000-8000-000000000005',
            codeGuid: 'c0de0000-0000-4000-8000-000000000005',
            creatingUser: ANA,
            createdAt: null,
          },
        ],
        variableValues: [
          { variableGuid: 'a77a0000-0000-4000-8000-000000000001', value: 'Zhejiang' },
          { variableGuid: 'a77a0000-0000-4000-8000-000000000002', value: '54' },
          { variableGuid: 'a77a0000-0000-4000-8000-000000000003', value: '3.75' },
          { variableGuid: 'a77a0000-0000-4000-8000-000000000004', value: '2026-01-05' },
          { variableGuid: 'a77a0000-0000-4000-8000-000000000005', value: 'true' },
        ],
      },
      {
        guid: '50c00000-0000-4000-8000-000000000002',
        name: 'Policy.pdf',
        kind: 'pdf',
        text: PDF_TEXT,
        original: { extension: 'pdf', bytes: new Uint8Array([0x25, 0x50, 0x44, 0x46]) },
        description: '',
        creatingUser: null,
        createdAt: null,
        modifiedAt: null,
        selections: [
          {
            guid: '5e1e0000-0000-4000-8000-000000000004',
            name: 'report',
            start: 19,
            end: 25,
            description: '',
            creatingUser: ANA,
            createdAt: null,
            codings: [
              {
                guid: 'c0d10000-0000-4000-8000-000000000006',
                codeGuid: 'c0de0000-0000-4000-8000-000000000002',
                creatingUser: ANA,
                createdAt: null,
              },
            ],
          },
        ],
        codings: [],
        variableValues: [{ variableGuid: 'a77a0000-0000-4000-8000-000000000002', value: '12' }],
      },
      {
        guid: '50c00000-0000-4000-8000-000000000003',
        name: 'Empty notes',
        kind: 'text',
        text: '',
        original: null,
        description: '',
        creatingUser: null,
        createdAt: null,
        modifiedAt: null,
        selections: [],
        codings: [],
        variableValues: [],
      },
    ],
    notes: [
      {
        guid: '40700000-0000-4000-8000-000000000001',
        name: 'Journal',
        text: 'Day one & <two>',
        description: '',
        creatingUser: ANA,
        createdAt: '2026-01-05T10:00:00Z',
        modifiedAt: '2026-01-07T10:00:00Z',
        targets: [{ kind: 'project', guid: null }],
      },
      {
        guid: '40700000-0000-4000-8000-000000000002',
        name: 'On cost',
        text: 'Cost matters 😀',
        description: 'short',
        creatingUser: BEN,
        createdAt: null,
        modifiedAt: null,
        targets: [{ kind: 'code', guid: 'c0de0000-0000-4000-8000-000000000002' }],
      },
      {
        guid: '40700000-0000-4000-8000-000000000003',
        name: 'On the interview',
        text: 'long',
        description: '',
        creatingUser: null,
        createdAt: null,
        modifiedAt: null,
        targets: [{ kind: 'source', guid: '50c00000-0000-4000-8000-000000000001' }],
      },
      {
        guid: '40700000-0000-4000-8000-000000000004',
        name: 'On a coding',
        text: 'why this code',
        description: '',
        creatingUser: ANA,
        createdAt: null,
        modifiedAt: null,
        targets: [{ kind: 'coding', guid: 'c0d10000-0000-4000-8000-000000000002' }],
      },
      {
        guid: '40700000-0000-4000-8000-000000000005',
        name: 'On a passage',
        text: 'see also',
        description: '',
        creatingUser: ANA,
        createdAt: null,
        modifiedAt: null,
        targets: [{ kind: 'selection', guid: '5e1e0000-0000-4000-8000-000000000003' }],
      },
      {
        guid: '40700000-0000-4000-8000-000000000006',
        name: 'Loose',
        text: 'unattached',
        description: '',
        creatingUser: null,
        createdAt: null,
        modifiedAt: null,
        targets: [],
      },
    ],
    sets: [
      {
        guid: '5e700000-0000-4000-8000-000000000001',
        name: 'Wave 1',
        description: 'first round',
        codeGuids: ['c0de0000-0000-4000-8000-000000000002'],
        sourceGuids: ['50c00000-0000-4000-8000-000000000001'],
        noteGuids: ['40700000-0000-4000-8000-000000000001'],
      },
      {
        guid: '5e700000-0000-4000-8000-000000000002',
        name: 'Empty set',
        description: '',
        codeGuids: [],
        sourceGuids: [],
        noteGuids: [],
      },
    ],
    report: [],
  };
}

describe('writing REFI-QDA', () => {
  it('round-trips model → .qdpx → model exactly, astral characters included', () => {
    const model = richModel();
    expect(model.sources[0].text?.slice(3, 10)).toBe('opening');
    expect(model.sources[0].text?.slice(16, 58)).toBe('😀 the service was slow & "cheap" <really>');
    expect(model.sources[0].text?.slice(59)).toBe('last line 😀');
    const report: string[] = [];
    const bytes = writeQdpx(model, { report });
    expect(report).toEqual([]);
    expect(readQdpx(bytes, { fileName: 'roundtrip.qdpx' })).toEqual(model);
  });

  it('writes exactly project.qde and sources/<GUID>.* as UTF-8 without a BOM, and no local paths', () => {
    const files = unzipSync(writeQdpx(richModel()));
    const names = Object.keys(files).sort();
    // The PDF's text travels as its Representation, named by the representation's own GUID.
    const representation = names.find((name) => !name.includes('50c00000') && name.endsWith('.txt'));
    expect(representation).toMatch(
      /^sources\/[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.txt$/,
    );
    expect(names).toEqual(
      [
        'project.qde',
        'sources/50c00000-0000-4000-8000-000000000001.docx',
        'sources/50c00000-0000-4000-8000-000000000001.txt',
        'sources/50c00000-0000-4000-8000-000000000002.pdf',
        'sources/50c00000-0000-4000-8000-000000000003.txt',
        representation,
      ].sort(),
    );
    expect(new TextDecoder().decode(files[representation as string])).toBe(PDF_TEXT);
    const text = files['sources/50c00000-0000-4000-8000-000000000001.txt'];
    expect(text[0]).not.toBe(0xef);
    expect(new TextDecoder().decode(text)).toBe(TEXT);
    const qde = new TextDecoder().decode(files['project.qde']);
    expect(qde).not.toMatch(/basePath|absolute:|relative:|file:/);
    expect(qde).toMatch(/plainTextPath="internal:\/\/50c00000-0000-4000-8000-000000000001\.txt"/);
  });

  it('writes positions in Unicode code points', () => {
    const qde = writeQde(richModel());
    // "opening" is UTF-16 [3, 10) but code points [2, 9): 𠀀 counts once.
    expect(qde).toMatch(/name="opening" startPosition="2" endPosition="9"/);
    // Line 1 is 14 code points, its LF is code point 14, so line 2 starts at 15 and runs 41 code
    // points (😀 counts once) to 56; line 3 starts at 57 and runs 11 code points to 68.
    expect(qde).toMatch(/startPosition="15" endPosition="56"/);
    expect(qde).toMatch(/startPosition="57" endPosition="68"/);
    // The PDF text "Page one of the 𠀀 report.": "report" is UTF-16 [19, 25), code points [18, 24).
    expect(qde).toMatch(/name="report" startPosition="18" endPosition="24"/);
  });

  it('writes a project.qde that validates against Project-mrt2019.xsd', () => {
    const result = validateWithXmllint(writeQde(richModel()), projectSchema);
    expect(result.output).toMatch(/validates/);
    expect(result.valid).toBe(true);
  });

  it('writes a minimal project without empty containers, still valid', () => {
    const empty: ExchangeProject = {
      ...richModel(),
      users: [],
      codes: [],
      variables: [],
      cases: [],
      sources: [],
      notes: [],
      sets: [],
      description: '',
      creatingUserGuid: null,
    };
    const qde = writeQde(empty);
    expect(qde).not.toMatch(/<(Users|CodeBook|Variables|Cases|Sources|Notes|Sets)\b/);
    expect(validateWithXmllint(qde, projectSchema).valid).toBe(true);
  });

  it('writes a .qdc that validates against Codebook.xsd and reads back the same codes', () => {
    const model = richModel();
    const qdc = writeQdc({ codes: model.codes, sets: model.sets });
    const result = validateWithXmllint(qdc, codebookSchema);
    expect(result.output).toMatch(/validates/);
    expect(result.valid).toBe(true);
    const codebook = readQdc(qdc);
    expect(codebook.codes).toEqual(model.codes);
    // A codebook's sets hold codes only: "Wave 1" keeps its code and drops its source and memo.
    expect(codebook.sets.map((set) => [set.name, set.codeGuids, set.sourceGuids, set.noteGuids])).toEqual([
      ['Wave 1', ['c0de0000-0000-4000-8000-000000000002'], [], []],
      ['Empty set', [], [], []],
    ]);
    expect(codebook.report).toEqual([]);
  });

  it('emits every user that is referred to, and reports what it cannot write', () => {
    const model = richModel();
    const stranger = 'ffffffff-0000-4000-8000-000000000000';
    const odd: ExchangeProject = {
      ...model,
      users: [],
      sources: [
        {
          ...model.sources[0],
          creatingUser: stranger,
          variableValues: [{ variableGuid: 'a77a0000-0000-4000-8000-000000000002', value: 'fifty' }],
        },
        { ...model.sources[2], text: null },
      ],
      notes: [{ ...model.notes[0], text: 'bell \u0007 here' }],
    };
    const report: string[] = [];
    const qde = writeQde(odd, { report });
    expect(qde).toContain(`<User guid="${stranger}"/>`);
    expect(report.join('\n')).toMatch(/"fifty" of age is not a valid Integer and was written as text/);
    expect(report.join('\n')).toMatch(/1 source has no text and was not exported: Empty notes/);
    expect(report.join('\n')).toMatch(/control characters/);
    expect(validateWithXmllint(qde, projectSchema).valid).toBe(true);
  });
});

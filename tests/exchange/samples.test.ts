import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { countCodings, flattenCodes, type ExchangeProject } from '../../electron/exchange/model';
import { readQdc, readQde, readQdpx } from '../../electron/exchange/read';
import { samplesDir } from './support';

/*
 * Every real export in ../shared/refi-qda/samples imports. The expected counts below were
 * verified by reading each file's XML; the tests also recount them with plain regular
 * expressions over the raw XML, independently of the reader:
 *   sources  = <TextSource> + <PDFSource> (Marginalia holds text; picture, audio and video
 *              sources are reported instead)
 *   codes    = <Code> elements
 *   codings  = <Coding> elements inside <PlainTextSelection> (codings of picture, video and
 *              PDF-area selections are reported instead)
 *   variables = <Variable> declarations, plus ATLAS.ti's "name: value" document sets
 */

function count(xml: string, pattern: RegExp): number {
  return (xml.match(pattern) ?? []).length;
}

function independentCounts(xml: string): {
  sources: number;
  codes: number;
  codings: number;
  declaredVariables: number;
} {
  const selections =
    xml.match(/<PlainTextSelection\b[^>]*\/>|<PlainTextSelection\b[\s\S]*?<\/PlainTextSelection>/g) ?? [];
  return {
    sources: count(xml, /<TextSource\b/g) + count(xml, /<PDFSource\b/g),
    codes: count(xml, /<Code\b/g),
    codings: selections.reduce((total, block) => total + count(block, /<Coding\b/g), 0),
    declaredVariables: count(xml, /<Variable\b/g),
  };
}

function sample(name: string): Buffer {
  return readFileSync(join(samplesDir, name));
}

function qdeInside(name: string): string {
  return new TextDecoder().decode(unzipSync(sample(name))['project.qde']);
}

function modelCounts(model: ExchangeProject): { sources: number; codes: number; codings: number; variables: number } {
  return {
    sources: model.sources.length,
    codes: flattenCodes(model.codes).length,
    codings: countCodings(model),
    variables: model.variables.length,
  };
}

const EXPECTED = [
  // file, sources, codes, codings, variables (as read from the XML by hand)
  { file: 'atlasti-23_blank-atlas-project.qdpx', sources: 0, codes: 0, codings: 0, variables: 0 },
  { file: 'atlasti-23_target-atlas-project.qdpx', sources: 0, codes: 3, codings: 0, variables: 0 },
  // 6 TextSources + 2 PDFSources; codings 1 + 3 + 3 in text selections, 2 in the PDF's text
  // Representation; variables "gender" and "age" from the sets "gender: male", "gender: female",
  // "age: 67", "age: 25".
  { file: 'atlasti-8.4_standard-project_spec-annex-A2.qde', sources: 8, codes: 14, codings: 9, variables: 2 },
  { file: 'maxqda-24_icls-themes_project.qde', sources: 10, codes: 307, codings: 0, variables: 0 },
  { file: 'nvivo-mac-15_qc-project.qdpx', sources: 2, codes: 262, codings: 0, variables: 0 },
] as const;

describe('the vendor samples', () => {
  for (const expected of EXPECTED) {
    it(`imports ${expected.file} with the counts in its XML`, () => {
      const xml = expected.file.endsWith('.qdpx') ? qdeInside(expected.file) : sample(expected.file).toString('utf8');
      const model = expected.file.endsWith('.qdpx')
        ? readQdpx(sample(expected.file), { fileName: expected.file })
        : readQde(xml, { fileName: expected.file });
      const independent = independentCounts(xml);
      expect(independent.sources).toBe(expected.sources);
      expect(independent.codes).toBe(expected.codes);
      expect(independent.codings).toBe(expected.codings);
      expect(modelCounts(model)).toEqual({
        sources: expected.sources,
        codes: expected.codes,
        codings: expected.codings,
        variables: expected.variables,
      });
      // GUIDs become our id form whatever case the vendor wrote.
      for (const { code } of flattenCodes(model.codes))
        expect(code.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    });
  }

  it('reads the ATLAS.ti 8.4 annex: users, colours, memos, sets as variables, and reports what it drops', () => {
    const xml = sample('atlasti-8.4_standard-project_spec-annex-A2.qde').toString('utf8');
    const model = readQde(xml, { fileName: 'annex.qde' });
    expect(model.origin).toMatch(/^ATLAS\.ti 8\.4/);
    expect(model.users.map((user) => user.name)).toEqual(['ATLAS.ti', 'Friedrich Markgraf', 'Sebastian Petrausch']);
    const codes = flattenCodes(model.codes).map(({ code }) => code);
    expect(codes.find((code) => code.name === '"rushed"')?.color).toBe('#f00082');
    expect(codes.find((code) => code.name === 'Coke::diet Coke')?.description).toBe('non sucré');
    expect(codes.find((code) => code.name === 'milk')?.color).toBeNull();
    // Document groups "gender: …" and "age: …" became variable values on their sources.
    const gender = model.variables.find((variable) => variable.name === 'gender');
    const age = model.variables.find((variable) => variable.name === 'age');
    expect(gender?.type).toBe('Text');
    expect(age?.type).toBe('Integer');
    const valuesOf = (sourceName: string): Record<string, string | null> =>
      Object.fromEntries(
        // Names are compared in NFC: the annex spells "Mabêl 2ième" decomposed (macOS NFD), and we keep it so.
        (model.sources.find((source) => source.name.normalize('NFC') === sourceName)?.variableValues ?? []).map(
          (value) => [model.variables.find((variable) => variable.guid === value.variableGuid)?.name, value.value],
        ),
      );
    expect(valuesOf('Simon.docx')).toEqual({ gender: 'male', age: '67' });
    expect(valuesOf('Mabel.txt')).toEqual({ gender: 'female', age: '25' });
    expect(valuesOf('Mabêl 2ième.txt')).toEqual({ gender: 'female', age: '25' });
    // 16 sets in the file, 4 of them "name: value".
    expect(count(xml, /<Set\b/g)).toBe(16);
    expect(model.sets).toHaveLength(12);
    expect(model.notes.map((note) => note.name)).toEqual(['Research Plan', 'My favorite Coke ad']);
    // A .qde alone has no source text: positions stay as written, and the report says so.
    const dietCoke = model.sources.find((source) => source.name === '1994 Diet Coke-Diet Coke Break.docx');
    expect(dietCoke?.text).toBeNull();
    expect(dietCoke?.selections[0]).toMatchObject({
      start: 139,
      end: 195,
      name: 'Oh, that was great. See you tomorrow? Eleven thirty. Mm.',
    });
    const report = model.report.join('\n');
    expect(report).toMatch(/a \.qde file does not include the documents/);
    expect(report).toMatch(/1 picture source was not imported/);
    expect(report).toMatch(/2 video sources were not imported/);
    expect(report).toMatch(/1 audio source was not imported/);
    expect(report).toMatch(/PDF area selection/);
    expect(report).toMatch(/network diagram/);
    expect(report).toMatch(/basePath/);
    // No local path from the exporting Mac survives into the model.
    expect(JSON.stringify(model)).not.toContain('/Users/sebpe');
  });

  it('reads the NVivo for Mac archive: lower-case sources/, the .root entry, text and original .docx', () => {
    const model = readQdpx(sample('nvivo-mac-15_qc-project.qdpx'), { fileName: 'nvivo.qdpx' });
    expect(model.origin).toBe('NVivo for Mac 15.0.0');
    expect(model.users).toEqual([
      { guid: '1b0b1791-be46-4557-9957-7333544cfaf2', name: 'chrisp', initials: 'CP' },
      { guid: '39633935-3331-3962-6632-373436373264', name: 'cp', initials: 'C' },
    ]);
    for (const source of model.sources) {
      // Each .txt holds a single "\n" (SOURCES.md); the .docx travels as the original.
      expect(source.text).toBe('\n');
      expect(source.original?.extension).toBe('docx');
      expect(source.original?.bytes.length).toBe(5066);
    }
    // "citizenship" appears under three parents: same-named codes are kept apart, not merged.
    expect(flattenCodes(model.codes).filter(({ code }) => code.name === 'citizenship')).toHaveLength(3);
    expect(model.report).toEqual([]);
  });

  it('reads the MAXQDA 24 project: nested codable parents with colours and descriptions, and its sets', () => {
    const model = readQde(sample('maxqda-24_icls-themes_project.qde').toString('utf8'));
    const parents = model.codes.filter((code) => code.children.length > 0);
    expect(parents.length).toBeGreaterThan(0);
    expect(parents.every((code) => code.isCodable && code.color !== null && code.description.length > 0)).toBe(true);
    expect(model.sets.map((set) => [set.name, set.sourceGuids.length])).toEqual([
      ['ICLS 2024', 5],
      ['ICLS 2025', 5],
    ]);
  });

  it('reads the Taguette codebook despite its invalid empty <Sets/>', () => {
    const codebook = readQdc(sample('taguette-1.4.1_codebook.qdc').toString('utf8'));
    expect(codebook.origin).toBe('Taguette 1.4.1');
    expect(codebook.codes.map((code) => [code.guid, code.name])).toEqual([
      ['098ac082-a9c7-50f4-9728-48730081a95e', 'xsd:element name'],
      ['a2209cff-8e89-5b0a-a7b0-cddc4be92936', 'CodeBook'],
      ['dd1b8ad4-9b6e-5be2-bd0b-fde7deafdda4', 'Variables'],
    ]);
    expect(codebook.sets).toEqual([]);
  });
});

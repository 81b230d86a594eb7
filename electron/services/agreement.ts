import type { CodeId } from '../../shared/domain/ids';
import { descendantsOf } from '../../shared/domain/codebook';
import type { Range } from '../../shared/domain/ranges';
import { toCsv } from '../../shared/format/csv';
import {
  AGREEMENT_UNITS,
  agreementNoteText,
  coderCoverage,
  definedOrNull,
  distributionFigures,
  leftOutReason,
  pairFigures,
  segmentAgreement,
  segmentMatches,
  type AgreementCell,
  type AgreementCodeRow,
  type AgreementDisagreement,
  type AgreementFigures,
  type AgreementMethod,
  type AgreementNote,
  type AgreementReport,
  type AgreementTable,
  type AgreementUnit,
  type SegmentCounts,
} from '../../shared/stats/agreement';
import { utf16ToCodePointConverter } from '../exchange/offsets';
import { UserError } from '../util/errors';
import { findCodeByPath, listCodes } from './codes';
import { findCoder, listCoders, type ProjectSession } from './session';

/*
 * Inter-coder agreement in a project (issue 6, docs/EXCHANGE.md "Agreement in a project").
 * SQL gathers each chosen coder's codings per code × source; the pure functions of
 * shared/stats/agreement.ts turn them into tables and figures, per code × source, per code
 * (the tables summed over sources) and pooled (summed over codes). Each code is compared on
 * its own codings: a parent does not include its children here, because two coders who chose
 * different children of one parent disagree.
 */

export type AgreementOptions = Readonly<{
  /** Coder names, two or more. */
  coders: readonly string[];
  unit?: AgreementUnit;
  /** Segment level: the share of the characters two codings cover together that they must share (default 0.9). */
  overlap?: number;
  /** A code path: compare this code and the codes below it only. */
  code?: string | null;
  /** Include sources that not every coder has coded (by default they are left out and listed). */
  allSources?: boolean;
}>;

type SourceRow = { id: string; name: string; text: string };
type CodingRow = { code_id: string; source_id: string; coder_id: string; start: number; end: number };
type Pair = [[number, number], [number, number]];

const EMPTY_SEGMENTS: SegmentCounts = { matched: 0, onlyFirst: 0, onlySecond: 0 };

function addSegments(a: SegmentCounts, b: SegmentCounts): SegmentCounts {
  return { matched: a.matched + b.matched, onlyFirst: a.onlyFirst + b.onlyFirst, onlySecond: a.onlySecond + b.onlySecond };
}

function method(unit: AgreementUnit, coders: number, overlap: number): AgreementMethod {
  const two = coders === 2;
  if (unit === 'segment') {
    return {
      units: `codings: a coding matches a coding of another coder with the same code in the same source when they share at least ${Math.round(overlap * 1000) / 10}% of the characters the two cover together (paired one to one, largest overlap first)`,
      percentAgreement: two
        ? 'matched / (matched + codings of either coder without a match)'
        : 'the mean over all pairs of coders of matched / (matched + codings of either coder without a match)',
      kappa: null,
      alpha: null,
      brennanPrediger: null,
    };
  }
  const binary = 'over units × {coded, not coded}';
  return {
    units:
      unit === 'character'
        ? 'characters (Unicode code points) of each source, coded or not coded by each coder; characters no coder coded count as agreement, as in NVivo'
        : 'sources: the code is present (applied at least once) or absent for each coder',
    percentAgreement: two
      ? 'units on which both coders agree / all units'
      : 'units on which all coders agree / all units',
    kappa: two
      ? "Cohen's kappa (1960): (p_o − p_e) / (1 − p_e), with p_e from each coder's own marginals"
      : `Fleiss' kappa (1971): (P̄ − P̄_e) / (1 − P̄_e) ${binary}`,
    alpha: `Krippendorff's alpha (nominal, 2011): 1 − D_o / D_e ${binary}`,
    brennanPrediger: two
      ? "Brennan and Prediger's kappa (1981): (p_o − 1/q) / (1 − 1/q) with q = 2 categories (coded, not coded), that is 2·p_o − 1"
      : null,
  };
}

/** Sums the tables behind figures of one kind. */
function sumTables(tables: readonly AgreementTable[], coders: readonly string[]): AgreementTable {
  const n = coders.length;
  const first = tables[0];
  if (!first) throw new Error('sumTables needs at least one table');
  switch (first.kind) {
    case 'pair': {
      const cells: Pair = [
        [0, 0],
        [0, 0],
      ];
      for (const table of tables) {
        if (table.kind !== 'pair') continue;
        for (const row of [0, 1] as const) for (const column of [0, 1] as const) cells[row][column] += table.cells[row][column];
      }
      return { kind: 'pair', cells };
    }
    case 'distribution': {
      const counts = new Array<number>(n + 1).fill(0);
      for (const table of tables) if (table.kind === 'distribution') table.counts.forEach((count, k) => (counts[k] += count));
      return { kind: 'distribution', counts };
    }
    case 'segments': {
      let counts = EMPTY_SEGMENTS;
      for (const table of tables) if (table.kind === 'segments') counts = addSegments(counts, table.counts);
      return { kind: 'segments', counts };
    }
    case 'segment-pairs': {
      const pairs = first.pairs.map((pair) => ({ ...pair, ...EMPTY_SEGMENTS }));
      for (const table of tables) {
        if (table.kind !== 'segment-pairs') continue;
        table.pairs.forEach((pair, index) => {
          pairs[index] = { ...pairs[index], ...addSegments(pairs[index], pair) };
        });
      }
      return { kind: 'segment-pairs', pairs };
    }
  }
}

/** The figures of a table: percent agreement, kappa and alpha as the table's kind allows. */
export function figuresOf(table: AgreementTable): AgreementFigures {
  switch (table.kind) {
    case 'pair':
      return pairFigures(table.cells);
    case 'distribution':
      return distributionFigures(table.counts);
    case 'segments':
      return { percentAgreement: definedOrNull(segmentAgreement(table.counts)), kappa: null, alpha: null, brennanPrediger: null, table };
    case 'segment-pairs': {
      const defined = table.pairs.map(segmentAgreement).filter((value) => Number.isFinite(value));
      const mean = defined.length === 0 ? Number.NaN : defined.reduce((total, value) => total + value, 0) / defined.length;
      return { percentAgreement: definedOrNull(mean), kappa: null, alpha: null, brennanPrediger: null, table };
    }
  }
}

/** The table of a source nobody coded with this code: every unit agrees on "not coded". */
function emptyTable(unit: AgreementUnit, coders: readonly string[], units: number): AgreementTable {
  const n = coders.length;
  if (unit === 'segment') {
    return n === 2
      ? { kind: 'segments', counts: EMPTY_SEGMENTS }
      : { kind: 'segment-pairs', pairs: coderPairs(coders).map(([first, second]) => ({ first, second, ...EMPTY_SEGMENTS })) };
  }
  if (n === 2) {
    return {
      kind: 'pair',
      cells: [
        [0, 0],
        [0, units],
      ],
    };
  }
  const counts = new Array<number>(n + 1).fill(0);
  counts[0] = units;
  return { kind: 'distribution', counts };
}

function coderPairs(coders: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < coders.length; i += 1) for (let j = i + 1; j < coders.length; j += 1) pairs.push([coders[i], coders[j]]);
  return pairs;
}

/** Character level for one code in one source. */
function characterCell(
  text: string,
  ranges: readonly Range[][],
  coders: readonly string[],
  toCodePoint: (offset: number) => number,
): { table: AgreementTable; disagreements: AgreementDisagreement[] } {
  const measure = (start: number, end: number): number => toCodePoint(end) - toCodePoint(start);
  const coverage = coderCoverage(text.length, ranges, measure);
  const n = coders.length;
  const disagreements = coverage.spans
    .filter((span) => span.coders.length < n)
    .map((span) => ({ start: span.start, end: span.end, codedBy: span.coders.map((index) => coders[index]) }));
  if (n > 2) return { table: { kind: 'distribution', counts: coverage.distribution }, disagreements };
  const cells: Pair = [
    [0, 0],
    [0, coverage.distribution[0]],
  ];
  for (const span of coverage.spans) {
    const size = measure(span.start, span.end);
    if (span.coders.length === 2) cells[0][0] += size;
    else if (span.coders[0] === 0) cells[0][1] += size;
    else cells[1][0] += size;
  }
  return { table: { kind: 'pair', cells }, disagreements };
}

/** Document level for one code in one source: one unit, present or absent per coder. */
function documentCell(ranges: readonly Range[][]): AgreementTable {
  const present = ranges.map((list) => list.length > 0);
  if (present.length === 2) {
    const [a, b] = present;
    return {
      kind: 'pair',
      cells: [
        [a && b ? 1 : 0, a && !b ? 1 : 0],
        [!a && b ? 1 : 0, !a && !b ? 1 : 0],
      ],
    };
  }
  const counts = new Array<number>(present.length + 1).fill(0);
  counts[present.filter(Boolean).length] = 1;
  return { kind: 'distribution', counts };
}

/** Segment level for one code in one source: coders' codings matched pair by pair. */
function segmentCell(
  ranges: readonly Range[][],
  coders: readonly string[],
  overlap: number,
): { table: AgreementTable; disagreements: AgreementDisagreement[] } {
  const n = coders.length;
  // matchedWith[coder][segment] = the other coders whose segment it matched.
  const matchedWith = ranges.map((list) => list.map(() => new Set<number>()));
  const pairs: (SegmentCounts & { first: string; second: string })[] = [];
  for (let i = 0; i < n; i += 1) {
    for (let j = i + 1; j < n; j += 1) {
      const result = segmentMatches(ranges[i], ranges[j], overlap);
      for (const match of result.matches) {
        matchedWith[i][match.a].add(j);
        matchedWith[j][match.b].add(i);
      }
      pairs.push({
        first: coders[i],
        second: coders[j],
        matched: result.matches.length,
        onlyFirst: result.unmatchedA.length,
        onlySecond: result.unmatchedB.length,
      });
    }
  }
  const disagreements: AgreementDisagreement[] = [];
  ranges.forEach((list, coder) => {
    list.forEach(([start, end], segment) => {
      const partners = matchedWith[coder][segment];
      if (partners.size < n - 1) {
        disagreements.push({ start, end, codedBy: [coder, ...partners].sort((x, y) => x - y).map((index) => coders[index]) });
      }
    });
  });
  disagreements.sort((x, y) => x.start - y.start || x.end - y.end);
  const table: AgreementTable =
    n === 2
      ? { kind: 'segments', counts: { matched: pairs[0].matched, onlyFirst: pairs[0].onlyFirst, onlySecond: pairs[0].onlySecond } }
      : { kind: 'segment-pairs', pairs };
  return { table, disagreements };
}

/**
 * Agreement between two or more coders in a project, per code × source, per code and
 * pooled, at the character, segment or document level (docs/EXCHANGE.md).
 */
export function agreement(session: ProjectSession, options: AgreementOptions): AgreementReport {
  const db = session.db;
  const unit = options.unit ?? 'character';
  if (!(AGREEMENT_UNITS as readonly string[]).includes(unit)) {
    throw new UserError('invalid-arguments', `The unit is one of ${AGREEMENT_UNITS.join(', ')}.`);
  }
  const overlap = options.overlap ?? 0.9;
  if (!(overlap > 0 && overlap <= 1)) {
    throw new UserError('invalid-arguments', `The overlap is a share above 0 and at most 1 (such as 0.9), not ${overlap}.`);
  }
  const wanted = options.coders.map((name) => name.trim()).filter((name) => name !== '');
  if (new Set(wanted.map((name) => name.toLowerCase())).size !== wanted.length) {
    throw new UserError('invalid-arguments', 'Name each coder once.');
  }
  if (wanted.length < 2) throw new UserError('invalid-arguments', 'Agreement needs at least two coders.');
  const coders = wanted.map((name) => {
    const coder = findCoder(db, name);
    if (!coder) {
      const known = listCoders(db).map((candidate) => candidate.name);
      throw new UserError('not-found', `There is no coder "${name}" in this project (coders: ${known.join(', ')}).`);
    }
    return coder;
  });
  const names = coders.map((coder) => coder.name);
  const coderIndex = new Map(coders.map((coder, index) => [coder.id as string, index]));

  const allCodes = listCodes(session);
  let selected = allCodes;
  if (options.code) {
    const root = findCodeByPath(session, options.code);
    const branch = descendantsOf(allCodes, root.id);
    selected = allCodes.filter((code) => branch.has(code.id));
  }
  const selectedIds = new Set<string>(selected.map((code) => code.id));

  const sources = db.prepare('SELECT id, name, text FROM sources ORDER BY position, name').all() as SourceRow[];
  // The placeholders are one "?" per chosen coder; the ids themselves are bound.
  const codings = db
    .prepare(
      `SELECT code_id, source_id, coder_id, start, "end" FROM codings WHERE coder_id IN (${coders.map(() => '?').join(', ')}) ORDER BY start, "end", id`,
    )
    .all(...coders.map((coder) => coder.id)) as CodingRow[];

  // A source counts as coded by a coder when the coder made any coding in it.
  const codedBy = new Map<string, Set<number>>();
  for (const coding of codings) {
    const set = codedBy.get(coding.source_id) ?? new Set<number>();
    set.add(coderIndex.get(coding.coder_id) as number);
    codedBy.set(coding.source_id, set);
  }
  const included: SourceRow[] = [];
  const excluded: { id: string; name: string; reason: string; notCodedBy: string[] }[] = [];
  for (const source of sources) {
    const who = codedBy.get(source.id) ?? new Set<number>();
    const missing = names.filter((_name, index) => !who.has(index));
    if (options.allSources || missing.length === 0) included.push(source);
    else excluded.push({ id: source.id, name: source.name, reason: leftOutReason(missing), notCodedBy: missing });
  }
  const includedIds = new Set(included.map((source) => source.id));

  // ranges[code][source][coder]
  const ranges = new Map<string, Map<string, Range[][]>>();
  for (const coding of codings) {
    if (!selectedIds.has(coding.code_id) || !includedIds.has(coding.source_id)) continue;
    const bySource = ranges.get(coding.code_id) ?? new Map<string, Range[][]>();
    ranges.set(coding.code_id, bySource);
    const byCoder = bySource.get(coding.source_id) ?? coders.map(() => [] as Range[]);
    bySource.set(coding.source_id, byCoder);
    byCoder[coderIndex.get(coding.coder_id) as number].push([coding.start, coding.end]);
  }

  const converters = new Map<string, (offset: number) => number>();
  const toCodePoint = (source: SourceRow): ((offset: number) => number) => {
    let converter = converters.get(source.id);
    if (!converter) {
      converter = utf16ToCodePointConverter(source.text);
      converters.set(source.id, converter);
    }
    return converter;
  };
  const unitsOf = (source: SourceRow): number => (unit === 'character' ? toCodePoint(source)(source.text.length) : 1);

  const listed = options.code ? selected : selected.filter((code) => ranges.has(code.id));
  const rows: AgreementCodeRow[] = listed.map((code) => {
    const bySource = ranges.get(code.id) ?? new Map<string, Range[][]>();
    const cells: AgreementCell[] = [];
    const tables: AgreementTable[] = [];
    for (const source of included) {
      const sourceRanges = bySource.get(source.id);
      if (!sourceRanges) {
        tables.push(emptyTable(unit, names, unitsOf(source)));
        continue;
      }
      let table: AgreementTable;
      let disagreements: AgreementDisagreement[] = [];
      if (unit === 'character') ({ table, disagreements } = characterCell(source.text, sourceRanges, names, toCodePoint(source)));
      else if (unit === 'segment') ({ table, disagreements } = segmentCell(sourceRanges, names, overlap));
      else table = documentCell(sourceRanges);
      tables.push(table);
      cells.push({ ...figuresOf(table), sourceId: source.id, sourceName: source.name, disagreements });
    }
    const table = tables.length > 0 ? sumTables(tables, names) : emptyTable(unit, names, 0);
    return { ...figuresOf(table), codeId: code.id as CodeId, codePath: code.path, sources: cells };
  });
  const pooledTable = rows.length > 0 ? sumTables(rows.map((row) => row.table), names) : emptyTable(unit, names, 0);

  // Keys with parameters, so the Agreement tab can word them in its language; the English is the exports'.
  const noteKeys: AgreementNote[] = [];
  if (excluded.length > 0) noteKeys.push({ key: 'sourcesLeftOut', count: excluded.length });
  if (rows.length === 0) noteKeys.push({ key: 'nothingToCompare' });
  noteKeys.push({ key: unit === 'segment' ? 'segmentNoKappa' : 'blankFigure' });
  if (unit === 'character') noteKeys.push({ key: 'ownCodings' });

  return {
    unit,
    coders: names,
    overlap: unit === 'segment' ? overlap : null,
    method: method(unit, names.length, overlap),
    codes: rows,
    pooled: figuresOf(pooledTable),
    sources: { included: included.map((source) => ({ id: source.id, name: source.name })), excluded },
    notes: noteKeys.map(agreementNoteText),
    noteKeys,
  };
}

/** The column headings of a table's cells, naming the coders. */
function tableHeadings(report: AgreementReport): string[] {
  const coders = report.coders;
  if (report.unit === 'segment') {
    if (coders.length === 2) return ['matched', `only ${coders[0]}`, `only ${coders[1]}`];
    return coderPairs(coders).flatMap(([first, second]) => [
      `${first}+${second} matched`,
      `${first}+${second} only ${first}`,
      `${first}+${second} only ${second}`,
    ]);
  }
  if (coders.length === 2) return ['both coded', `only ${coders[0]}`, `only ${coders[1]}`, 'neither coded'];
  return coders.map((_coder, k) => `coded by ${k}`).concat(`coded by ${coders.length}`);
}

function tableValues(table: AgreementTable): number[] {
  switch (table.kind) {
    case 'pair':
      return [table.cells[0][0], table.cells[0][1], table.cells[1][0], table.cells[1][1]];
    case 'distribution':
      return [...table.counts];
    case 'segments':
      return [table.counts.matched, table.counts.onlyFirst, table.counts.onlySecond];
    case 'segment-pairs':
      return table.pairs.flatMap((pair) => [pair.matched, pair.onlyFirst, pair.onlySecond]);
  }
}

function kappaHeading(report: AgreementReport): string {
  return report.coders.length === 2 ? "Cohen's kappa" : "Fleiss' kappa";
}

/** Always a column, blank unless there are exactly two coders, so a script reads one shape. */
const BP_HEADING = 'Brennan-Prediger kappa';

const ALL_CODES = '(all codes)';

function fixed(value: number | null): string {
  return value === null ? '' : value.toFixed(4);
}

/** The report as rows: per code × source, per code, then pooled — one shape for CSV and XLSX. */
function reportRows(report: AgreementReport): { header: string[]; rows: (string | number | null)[][] } {
  const header = [
    'level',
    'unit',
    'coders',
    'code',
    'source',
    'agreement',
    kappaHeading(report),
    "Krippendorff's alpha",
    BP_HEADING,
    ...tableHeadings(report),
  ];
  const coders = report.coders.join(' + ');
  const line = (level: string, code: string, source: string, figures: AgreementFigures): (string | number | null)[] => [
    level,
    report.unit,
    coders,
    code,
    source,
    figures.percentAgreement,
    figures.kappa,
    figures.alpha,
    figures.brennanPrediger,
    ...tableValues(figures.table),
  ];
  const rows: (string | number | null)[][] = [];
  for (const code of report.codes) {
    for (const cell of code.sources) rows.push(line('code × source', code.codePath, cell.sourceName, cell));
    rows.push(line('code', code.codePath, '', code));
  }
  rows.push(line('pooled', ALL_CODES, '', report.pooled));
  return { header, rows };
}

/**
 * CSV for R, Python and Excel: one row per code × source, per code and pooled; the unit and
 * the coders are columns of every row; figures are shares (0–1), blank where not defined;
 * the table behind each figure follows in its own columns.
 */
export function agreementCsv(report: AgreementReport): string {
  const { header, rows } = reportRows(report);
  return toCsv([
    header,
    ...rows.map((row) => row.map((cell, index) => (index >= 5 && index <= 8 ? fixed(cell as number | null) : (cell ?? '')))),
  ]);
}

function percent(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(1)}%`;
}

function decimal(value: number | null): string {
  return value === null ? '–' : value.toFixed(3);
}

/** A Markdown report: per code and pooled, then per code × source, then the method and notes. */
export function agreementMarkdown(report: AgreementReport): string {
  const escape = (text: string): string => text.replace(/\|/g, '\\|');
  const headings = tableHeadings(report);
  const head = ['agreement', kappaHeading(report), "Krippendorff's alpha", BP_HEADING, ...headings];
  const cells = (figures: AgreementFigures): string =>
    [percent(figures.percentAgreement), decimal(figures.kappa), decimal(figures.alpha), decimal(figures.brennanPrediger), ...tableValues(figures.table)].join(' | ');
  const rule = (columns: number): string => `|---|${new Array(columns).fill('---:').join('|')}|`;
  const lines = [
    `# Inter-coder agreement — ${report.coders.join(', ')}`,
    '',
    `Unit: ${report.unit}${report.overlap !== null ? ` (overlap ≥ ${Math.round(report.overlap * 1000) / 10}%)` : ''}; ${report.sources.included.length} source${report.sources.included.length === 1 ? '' : 's'} compared.`,
    '',
    `| code | ${head.join(' | ')} |`,
    rule(head.length),
    ...report.codes.map((code) => `| ${escape(code.codePath)} | ${cells(code)} |`),
    `| **${ALL_CODES}** | ${cells(report.pooled)} |`,
    '',
  ];
  const bySource = report.codes.flatMap((code) => code.sources.map((cell) => ({ code, cell })));
  if (bySource.length > 0) {
    lines.push(
      '## Per code and source',
      '',
      `| code | source | ${head.join(' | ')} |`,
      `|---|---|${new Array(head.length).fill('---:').join('|')}|`,
      ...bySource.map(({ code, cell }) => `| ${escape(code.codePath)} | ${escape(cell.sourceName)} | ${cells(cell)} |`),
      '',
    );
  }
  lines.push('## Method', '', `- Units: ${report.method.units}.`, `- Agreement: ${report.method.percentAgreement}.`);
  if (report.method.kappa) lines.push(`- Kappa: ${report.method.kappa}.`);
  if (report.method.alpha) lines.push(`- Alpha: ${report.method.alpha}.`);
  if (report.method.brennanPrediger) lines.push(`- Brennan–Prediger: ${report.method.brennanPrediger}.`);
  for (const source of report.sources.excluded) lines.push(`- Left out: ${source.name} (${source.reason}).`);
  for (const note of report.notes) lines.push(`- ${note}`);
  lines.push('');
  return lines.join('\n');
}

/** An Excel workbook of the report: the rows of the CSV, and a sheet with the method and notes. */
export async function agreementXlsx(report: AgreementReport): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Agreement');
  const { header, rows } = reportRows(report);
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) sheet.addRow(row.map((cell) => cell ?? null));
  for (const column of [6, 7, 8, 9]) sheet.getColumn(column).numFmt = '0.0000';
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const about = workbook.addWorksheet('Method');
  about.addRow(['coders', report.coders.join(', ')]);
  about.addRow(['unit', report.unit]);
  if (report.overlap !== null) about.addRow(['overlap', report.overlap]);
  about.addRow(['units', report.method.units]);
  about.addRow(['agreement', report.method.percentAgreement]);
  if (report.method.kappa) about.addRow([kappaHeading(report), report.method.kappa]);
  if (report.method.alpha) about.addRow(["Krippendorff's alpha", report.method.alpha]);
  if (report.method.brennanPrediger) about.addRow([BP_HEADING, report.method.brennanPrediger]);
  for (const source of report.sources.excluded) about.addRow(['left out', `${source.name} (${source.reason})`]);
  for (const note of report.notes) about.addRow(['note', note]);
  about.getColumn(1).font = { bold: true };
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

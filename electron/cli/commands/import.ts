import { writeFileSync } from 'node:fs';
import { SOURCE_KINDS, type SourceKind } from '../../../shared/domain/types';
import { canonicalEncoding, DEFAULT_CAPS, type ImportCaps } from '../../importers/index';
import { importPaths, type BatchReport, type SurveyChoice } from '../../services/importing';
import { UserError } from '../../util/errors';
import { parse, requireProject, str, usage, withProject, type Command, type Io } from '../args';

const HELP = `Usage: marginalia import <project> <file-or-folder>... [--attr <key>=<value>]... [--kind transcript|policy|other]
                [--encoding <name>] [--attr-from-folder <attribute>] [--attributes <sheet.csv|xlsx>]
                [--text-column <name> [--rows sources|passages] [--attribute-columns <a,b>] [--name-column <name>]]
                [--report <file.json>] [--allow-duplicates] [--limit <cap>=<value>]...

Imports documents as sources: .txt, .md, .docx, .odt, .pdf, .html, .vtt and .srt (see
docs/IMPORT.md), surveys from .csv/.tsv/.xlsx, and REFI-QDA codebooks (.qdc). Folders are read
recursively (hidden files left out). Everything is written in one step: if the import stops,
the project is as it was. A file that cannot be read is reported and the others come in.
  --attr <key>=<value>          set an attribute on every imported source (repeatable)
  --kind <kind>                 transcript, policy or other (default: what the text looks like)
  --encoding <name>             the text files' encoding (gb18030, gbk, big5, utf-16le, utf-8 …);
                                without it, the encoding is detected and the report says so
  --attr-from-folder <name>     set attribute <name> from the first folder level below an
                                imported folder (corpus/Zhejiang/a.pdf → Zhejiang)
  --attributes <sheet>          a .csv or .xlsx whose first column names a file or source and
                                whose other columns are attributes (types inferred and reported);
                                it also sets attributes of sources already in the project
  --text-column <name>          import .csv/.tsv/.xlsx files as surveys, the text in this column
  --rows sources|passages       one source per row (default), or one source per spreadsheet
                                with one passage per row
  --attribute-columns <a,b>     survey columns that become attributes
  --name-column <name>          a survey column naming each source (one source per row)
  --report <file.json>          also write the report as JSON
  --allow-duplicates            import a file even if a source with the same text exists
  --limit <cap>=<value>         raise or lower an import limit: maxFileBytes, maxInflatedBytes
                                (sizes such as 500MB), maxZipEntries, maxPdfPages, maxCues,
                                maxTextChars

Exit status 1 if any file could not be imported (the others are).`;

const SIZE = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i;
const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** Parses --limit cap=value; byte caps take KB/MB/GB. */
function parseLimits(pairs: readonly string[]): Partial<ImportCaps> {
  const caps: Record<string, number> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim();
    if (at <= 0 || !(name in DEFAULT_CAPS)) {
      usage(`--limit takes <cap>=<value> with a cap among ${Object.keys(DEFAULT_CAPS).join(', ')}; not "${pair}".`, HELP);
    }
    const match = SIZE.exec(pair.slice(at + 1).trim());
    const bytes = name.endsWith('Bytes');
    if (!match || (!bytes && match[2]) || Number(match[1]) <= 0) {
      usage(`--limit ${name} takes a positive ${bytes ? 'size (such as 500MB)' : 'whole number'}, not "${pair.slice(at + 1)}".`, HELP);
    }
    caps[name] = Math.floor(Number(match[1]) * UNITS[(match[2] ?? 'b').toLowerCase()]);
  }
  return caps as Partial<ImportCaps>;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function printReport(report: BatchReport, io: Io): void {
  io.out(`Imported ${report.imported.length}, skipped ${report.skipped.length}, failed ${report.failed.length}.\n`);
  for (const item of report.imported) {
    io.out(`  imported  ${item.file} as "${item.name}" (${item.length} characters)\n`);
    for (const note of item.notes) io.out(`            note: ${note}\n`);
  }
  for (const item of report.skipped) io.out(`  skipped   ${item.file}: ${item.reason}\n`);
  for (const codebook of report.codebooks) {
    io.out(`  codebook  ${codebook.file}: ${plural(codebook.codes, 'code')} added\n`);
    for (const note of codebook.notes) io.out(`            note: ${note}\n`);
  }
  const sheet = report.attributeSheet;
  if (sheet) {
    io.out(
      `Attribute sheet ${sheet.file}: ${plural(sheet.matched, 'row')} applied; attributes ${sheet.attributes.map((attribute) => `${attribute.name} (${attribute.type})`).join(', ')}.\n`,
    );
    for (const row of sheet.unmatched) {
      io.out(`  row ${row.row} "${row.name}" matches no file of this import and no source of the project.\n`);
    }
    for (const note of sheet.notes) io.out(`  note: ${note}\n`);
  }
  for (const note of report.notes) io.out(`Note: ${note}\n`);
  for (const item of report.failed) io.err(`  failed    ${item.file}: ${item.reason}\n`);
  if (report.failed.length > 0) {
    io.err(`${report.failed.length === 1 ? '1 file' : `${report.failed.length} files`} could not be imported; the others were.\n`);
  }
}

async function commandImport(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(HELP, argv, {
    attr: { type: 'string', multiple: true },
    kind: { type: 'string' },
    encoding: { type: 'string' },
    'attr-from-folder': { type: 'string' },
    attributes: { type: 'string' },
    'text-column': { type: 'string' },
    rows: { type: 'string' },
    'attribute-columns': { type: 'string' },
    'name-column': { type: 'string' },
    report: { type: 'string' },
    'allow-duplicates': { type: 'boolean' },
    limit: { type: 'string', multiple: true },
  });
  const path = requireProject('import', HELP, positionals);
  const inputs = positionals.slice(1);
  const sheet = str(values, 'attributes');
  if (inputs.length === 0 && sheet === undefined) usage('Name at least one file or folder to import (or an --attributes sheet).', HELP);
  const kind = str(values, 'kind');
  if (kind !== undefined && !(SOURCE_KINDS as readonly string[]).includes(kind)) {
    usage(`--kind is one of ${SOURCE_KINDS.join(', ')}.`, HELP);
  }
  const encoding = str(values, 'encoding');
  if (encoding !== undefined && canonicalEncoding(encoding) === null) {
    usage(`"${encoding}" is not an encoding Marginalia knows; try utf-8, gb18030, gbk, big5, utf-16le or utf-16be.`, HELP);
  }
  const attributes: Record<string, string> = {};
  for (const pair of (values.attr as string[] | undefined) ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) usage(`--attr takes key=value, not "${pair}".`, HELP);
    attributes[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  const folderAttribute = str(values, 'attr-from-folder')?.trim();
  if (folderAttribute === '') usage('--attr-from-folder needs the name of the attribute to set.', HELP);
  const textColumn = str(values, 'text-column');
  const rows = str(values, 'rows');
  const attributeColumns = str(values, 'attribute-columns');
  const nameColumn = str(values, 'name-column');
  if (textColumn === undefined && (rows ?? attributeColumns ?? nameColumn) !== undefined) {
    usage('--rows, --attribute-columns and --name-column describe a survey; name its text column with --text-column.', HELP);
  }
  if (rows !== undefined && rows !== 'sources' && rows !== 'passages') usage('--rows is sources or passages.', HELP);
  if (rows === 'passages' && nameColumn !== undefined) usage('--name-column names one source per row; it does not go with --rows passages.', HELP);
  const survey: SurveyChoice | undefined =
    textColumn === undefined
      ? undefined
      : {
          textColumn,
          rows: rows === 'passages' ? 'passages' : 'sources',
          attributeColumns: (attributeColumns ?? '').split(',').map((column) => column.trim()).filter((column) => column.length > 0),
          nameColumn,
        };
  const caps = parseLimits((values.limit as string[] | undefined) ?? []);
  const reportPath = str(values, 'report');

  const report = await withProject(path, (session) =>
    importPaths(session, inputs, {
      kind: kind as SourceKind | undefined,
      attributes,
      allowDuplicates: values['allow-duplicates'] === true,
      encoding,
      caps,
      attributeFromFolder: folderAttribute,
      attributeSheet: sheet,
      survey,
    }),
  );
  printReport(report, io);
  if (reportPath !== undefined) {
    try {
      writeFileSync(reportPath, `${JSON.stringify({ project: path, ...report }, null, 2)}\n`);
    } catch (error) {
      throw new UserError('not-found', `The import is done, but the report could not be written to ${reportPath} (${(error as Error).message}).`);
    }
  }
  return report.failed.length > 0 ? 1 : 0;
}

/** `marginalia import` */
export const importCommand: Command = {
  name: 'import',
  summary: 'import documents, folders, surveys and codebooks as sources',
  help: HELP,
  run: commandImport,
};

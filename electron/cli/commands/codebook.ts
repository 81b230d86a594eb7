import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { codebookDocument } from '../../../shared/format/codebook';
import type { CodebookQuery } from '../../../shared/format/query';
import { CODEBOOK_FORMATS, type CodebookImportPreview } from '../../../shared/ipc/channels/codebook';
import { codebookDocx } from '../../exporters/docx';
import { canonicalEncoding, decodeText, displayEncoding } from '../../importers/encoding';
import { codebookWithCounts } from '../../services/analysis/codebook';
import { exportCodebook, importCodebook, previewCodebookImport } from '../../services/codebookTransfer';
import { UserError } from '../../util/errors';
import { padTable, parse, requireProject, str, usage, withProject, type Command, type Io } from '../args';
import {
  boundedInteger,
  emit,
  outputFormat,
  saveIfAsked,
  SCOPE_HELP,
  SCOPE_OPTIONS,
  whereOption,
  writeOrPrint,
} from './analysisOptions';

const HELP = `Usage: marginalia codebook <project> [--format csv|md|docx|json|xlsx] [--out <file>] [--examples <n>]
                [--where <attr><op><value>]... [--coder <name>] [--bom] [--save <name>]
       marginalia codebook export <project> [--format csv|md] [--out <file>]
       marginalia codebook import <project> <file.csv|file.md> [--encoding <name>] [--dry-run] [--coder <name>]

The codebook with counts: every code in codebook order with its description, colour, its
own codings, its codings with descendants and the documents it is in, and up to --examples
coded passages (default 3, from different sources where possible). DOCX is a Word codebook
document with a heading per code; it needs --out.
${SCOPE_HELP}

codebook export writes the codebook alone, as the app's "Export codebook" does, for another
project or another program: CSV (path, description, colour; names joined with "/", with a
byte-order mark for Excel) or Markdown (a nested list, the colour in backticks, the
description quoted under its code; the default).

codebook import reads such a file (or one from NVivo or MAXQDA with paths written "A > B"):
codes the codebook lacks are added, codes it has take the file's description and colour where
the file gives one. It prints what was added and updated, as the app's preview does, and is
one step in the project's history (Undo in the app takes it back).
  --encoding <name>   the file's encoding (gb18030, gbk, big5, utf-16le …); without it UTF-8
                      (with or without a BOM), UTF-16 with a BOM, or else GB18030 is read
  --dry-run           print what the import would do, and change nothing
  --coder <name>      who imports it, for the project's history (default: the current coder)`;

async function commandCodebook(argv: string[], io: Io): Promise<number> {
  // "codebook export|import <project>" are subcommands; "codebook <project>" stays the report
  // (a project file literally named "export" is given as ./export).
  if (argv[0] === 'export') return commandExport(argv.slice(1), io);
  if (argv[0] === 'import') return commandImport(argv.slice(1), io);
  return commandReport(argv, io);
}

async function commandReport(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(HELP, argv, { ...SCOPE_OPTIONS, examples: { type: 'string' } });
  const path = requireProject('codebook', HELP, positionals);
  if (positionals.length > 1) usage(`Unexpected argument "${positionals[1]}".`, HELP);
  const format = outputFormat(values, ['csv', 'md', 'docx', 'json', 'xlsx'] as const, 'md', HELP);
  const query: CodebookQuery = {
    kind: 'codebook',
    examples: boundedInteger(values, 'examples', 3, 0, 20, HELP),
    where: whereOption(values, HELP),
    coder: str(values, 'coder') ?? null,
  };
  await withProject(path, async (session) => {
    const report = codebookWithCounts(session, query);
    saveIfAsked(session, values, query, io);
    if (format === 'docx') writeOrPrint(io, await codebookDocx(report), values);
    else await emit(io, codebookDocument(report), format, values);
  });
  return 0;
}

/** `marginalia codebook export`: the codebook file the app's "Export codebook" saves, byte for byte. */
async function commandExport(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(HELP, argv, { format: { type: 'string' }, out: { type: 'string' } });
  const path = requireProject('codebook export', HELP, positionals);
  if (positionals.length > 1) usage(`Unexpected argument "${positionals[1]}".`, HELP);
  const format = outputFormat(values, CODEBOOK_FORMATS, 'md', HELP);
  const file = await withProject(path, (session) => exportCodebook(session, format));
  writeOrPrint(io, file.content, values);
  return 0;
}

/** The file's bytes; with --encoding, re-encoded as UTF-8 so the codebook reader needs no guess. */
function codebookBytes(file: string, encoding: string | undefined): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new UserError('not-found', `Cannot read ${file}; check the file's name and that it exists.`);
  }
  if (encoding === undefined) return bytes;
  return Buffer.from(decodeText(bytes, basename(file), { encoding }).text, 'utf8');
}

/** What an import adds and updates, as the app's preview lists it. */
function importReport(preview: CodebookImportPreview, dryRun: boolean): string {
  const { added, updated, unchanged } = preview;
  const codes = (count: number): string => `${count} ${count === 1 ? 'code' : 'codes'}`;
  const head = dryRun
    ? `Importing ${preview.fileName} would add ${codes(added)} and update ${updated}; ${unchanged} already as the file has them. Nothing was changed.`
    : `Imported ${preview.fileName}: ${codes(added)} added, ${updated} updated, ${unchanged} already as the file has them.`;
  if (preview.entries.length === 0) return `${head}\nThe codebook already has everything this file lists.\n`;
  const rows = preview.entries.map((entry) => [
    entry.change === 'add' ? 'add' : 'update',
    entry.path,
    entry.change === 'add'
      ? [entry.color, entry.description ? 'with a description' : null].filter(Boolean).join(', ')
      : entry.fields.map((field) => (field === 'color' ? 'colour' : field)).join(', '),
  ]);
  const table = padTable([['change', 'code', 'details'], ...rows]);
  const undo = dryRun ? '' : 'Undo in the app takes the whole import back as one step.\n';
  return `${head}\n\n${table}${undo}`;
}

/** `marginalia codebook import`: adds and updates codes from a CSV or Markdown codebook, one undoable step. */
async function commandImport(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(HELP, argv, {
    encoding: { type: 'string' },
    'dry-run': { type: 'boolean' },
    coder: { type: 'string' },
  });
  const path = requireProject('codebook import', HELP, positionals);
  const file = positionals[1];
  if (!file) usage('codebook import needs the codebook file (.csv or .md) after the project.', HELP);
  if (positionals.length > 2) usage(`Unexpected argument "${positionals[2]}".`, HELP);
  const encoding = str(values, 'encoding');
  if (encoding !== undefined && canonicalEncoding(encoding) === null) {
    usage(
      `"${encoding}" is not an encoding Marginalia knows; try utf-8, gb18030, gbk, big5, utf-16le or utf-16be.`,
      HELP,
    );
  }
  const bytes = codebookBytes(resolve(file), encoding);
  const dryRun = values['dry-run'] === true;
  const preview = await withProject(
    path,
    (session) => (dryRun ? previewCodebookImport : importCodebook)(session, basename(file), bytes),
    str(values, 'coder'),
  );
  if (encoding !== undefined)
    io.err(`Read ${basename(file)} as ${displayEncoding(canonicalEncoding(encoding) ?? encoding)}.\n`);
  io.out(importReport(preview, dryRun));
  return 0;
}

/** `marginalia codebook` */
export const codebookCommand: Command = {
  name: 'codebook',
  summary: 'the codebook with counts and examples; codebook export|import (CSV, Markdown)',
  help: HELP,
  run: commandCodebook,
};

import type { ParseArgsConfig } from 'node:util';
import type { WhereClause } from '../../../shared/stats/crosstab';
import { parseWhere, splitList, type AnalysisQueryInput } from '../../../shared/format/query';
import type { ExportDocument } from '../../../shared/format/table';
import { renderExport, writeExport, type ExportFormat } from '../../exporters/output';
import { saveQuery } from '../../services/analysis/savedQueries';
import type { ProjectSession } from '../../services/session';
import { integer, str, usage, type Io, type Values } from '../args';

/** Options every analysis command takes: filters, coder, output, and saving the query. */
export const SCOPE_OPTIONS: ParseArgsConfig['options'] = {
  where: { type: 'string', multiple: true },
  coder: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  bom: { type: 'boolean' },
  save: { type: 'string' },
};

/** The lines of help describing SCOPE_OPTIONS, shared by every analysis command. */
export const SCOPE_HELP = `  --where <attr><op><value>  only sources whose attribute passes (op: = != < <= > >=;
                             numbers and YYYY-MM-DD dates compare by value); repeat to combine
  --coder <name>             only this coder's codings
  --out <file>               write to a file instead of stdout (required for xlsx)
  --bom                      CSV for Excel: a UTF-8 byte-order mark, and cells never read as formulas
  --save <name>              also save this query in the project (re-run: marginalia queries … run <name>)`;

/** The --where filters, or bad usage naming the one that cannot be read. */
export function whereOption(values: Values, help: string): WhereClause[] {
  const raw = values.where;
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  return list.map((text) => {
    const clause = parseWhere(text);
    if (!clause || clause.value.length === 0) usage(`--where "${text}" is not a filter; write it as <attribute><op><value>, e.g. year>=2019.`, help);
    return clause;
  });
}

/** Code paths from one or more --codes lists (comma-separated; a comma inside a name is written \\,). */
export function codesOption(values: Values, key = 'codes'): string[] | null {
  const raw = values[key];
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  const paths = list.flatMap(splitList);
  return paths.length > 0 ? paths : null;
}

/** One of `allowed`, or bad usage. */
export function choice<T extends string>(values: Values, key: string, allowed: readonly T[], fallback: T, help: string): T {
  const chosen = str(values, key) ?? fallback;
  if (!(allowed as readonly string[]).includes(chosen)) usage(`--${key} is one of ${allowed.join(', ')}.`, help);
  return chosen as T;
}

/** A whole number within bounds, or bad usage. */
export function boundedInteger(values: Values, key: string, fallback: number, minimum: number, maximum: number, help: string): number {
  const value = integer(values, key, help) ?? fallback;
  if (value < minimum || value > maximum) usage(`--${key} is a whole number from ${minimum} to ${maximum}.`, help);
  return value;
}

/** Saves the query when --save names it, inside the command's open project. */
export function saveIfAsked(session: ProjectSession, values: Values, query: AnalysisQueryInput, io: Io): void {
  const name = str(values, 'save');
  if (name === undefined) return;
  const saved = saveQuery(session, name, query);
  io.err(`Saved the query as "${saved.name}".\n`);
}

/** Checks --format against `allowed` and that binary formats go to a file. */
export function outputFormat<T extends string>(values: Values, allowed: readonly T[], fallback: T, help: string): T {
  const chosen = choice(values, 'format', allowed, fallback, help);
  if ((chosen === 'xlsx' || chosen === 'docx') && str(values, 'out') === undefined) {
    usage(`${chosen.toUpperCase()} is a binary file; give --out <file.${chosen}>.`, help);
  }
  return chosen;
}

/** Prints an export or writes it to --out. */
export async function emit(io: Io, document: ExportDocument, format: ExportFormat, values: Values): Promise<void> {
  const content = await renderExport(document, format, { bom: values.bom === true });
  writeOrPrint(io, content, values);
}

/** Writes content to --out (saying where on stderr) or prints it on stdout. */
export function writeOrPrint(io: Io, content: string | Uint8Array, values: Values): void {
  const out = str(values, 'out');
  if (out === undefined) {
    io.out(typeof content === 'string' ? content : Buffer.from(content).toString('utf8'));
    return;
  }
  io.err(`Wrote ${writeExport(out, content)}.\n`);
}

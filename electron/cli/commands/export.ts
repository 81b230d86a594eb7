import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { EXPORT_FORMATS, exportExchange, type ExportFormat } from '../../services/exchange';
import { UserError } from '../../util/errors';
import { parse, requireProject, str, usage, withProject, type Command, type Io } from '../args';

const HELP = `Usage: marginalia export <project> --out <file> [--format qdpx|qdc]
                [--without-coder <name>]... [--codes-only]

Writes the project in the REFI-QDA exchange format, which NVivo, ATLAS.ti, MAXQDA and
QualCoder read: a .qdpx project (sources, codebook, codings with their coders, attributes,
memos) or a .qdc codebook. The format follows the --out extension unless --format says.
  --without-coder <name>  leave out this coder's codings and memos (repeatable): a copy for
                          a colleague to code blind, then merge back with "marginalia merge"
  --codes-only            leave out every coding and memo: sources, attributes and codebook
What the file cannot carry is listed on stderr before you send it.`;

function writeAtomically(path: string, data: Uint8Array): void {
  // Written beside the target and renamed, so a failed write never leaves half a file.
  const partial = `${path}.partial-${process.pid}`;
  try {
    writeFileSync(partial, data);
    renameSync(partial, path);
  } catch {
    rmSync(partial, { force: true });
    throw new UserError('not-found', `Cannot write ${path}; check that its folder exists and is writable.`);
  }
}

async function commandExport(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(HELP, argv, {
    out: { type: 'string' },
    format: { type: 'string' },
    'without-coder': { type: 'string', multiple: true },
    'codes-only': { type: 'boolean' },
  });
  const path = requireProject('export', HELP, positionals);
  if (positionals.length > 1) usage(`Unexpected argument "${positionals[1]}".`, HELP);
  const out = str(values, 'out');
  if (!out) usage('--out names the file to write (e.g. --out study.qdpx).', HELP);
  const format = str(values, 'format') ?? extname(out).slice(1).toLowerCase();
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    usage(`--format is one of ${EXPORT_FORMATS.join(', ')} (or give --out a .qdpx or .qdc name).`, HELP);
  }
  const withoutCoders = (values['without-coder'] as string[] | undefined) ?? [];
  const codesOnly = values['codes-only'] === true;
  if (format === 'qdc' && (withoutCoders.length > 0 || codesOnly)) {
    usage('A codebook (.qdc) has no codings: --without-coder and --codes-only apply to .qdpx only.', HELP);
  }
  if (codesOnly && withoutCoders.length > 0) usage('--codes-only already leaves out every coder; drop --without-coder.', HELP);
  const result = await withProject(path, (session) =>
    exportExchange(session, { format: format as ExportFormat, withoutCoders, codesOnly }),
  );
  const target = resolve(out);
  writeAtomically(target, result.data);
  const { counts } = result;
  io.out(
    format === 'qdc'
      ? `Exported the codebook of ${basename(path)} to ${target}: ${counts.codes} code${counts.codes === 1 ? '' : 's'}.\n`
      : `Exported ${basename(path)} to ${target}: ${counts.sources} sources, ${counts.codes} codes, ${counts.codings} codings, ${counts.attributes} attributes, ${counts.memos} memos, ${counts.coders} coders.\n`,
  );
  for (const line of result.report) io.err(`  note: ${line}\n`);
  return 0;
}

/** `marginalia export` */
export const exportCommand: Command = {
  name: 'export',
  summary: 'export a REFI-QDA project (.qdpx) or codebook (.qdc)',
  help: HELP,
  run: commandExport,
};

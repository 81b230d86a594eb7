import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { SOURCE_KINDS, type SourceKind } from '../../../shared/domain/types';
import { importFiles, type ImportFile } from '../../services/sources';
import { UserError } from '../../util/errors';
import { parse, requireProject, str, usage, withProject, type Command, type Io } from '../args';

const HELP = `Usage: marginalia import <project> <file-or-folder>... [--attr <key>=<value>]... [--kind transcript|policy|other]

Imports .txt and .md files (UTF-8) as sources; folders are read recursively.
  --attr <key>=<value>  set an attribute on every imported source (repeatable)
  --kind <kind>         transcript, policy or other (default: other)
  --allow-duplicates    import a file even if a source with the same text exists`;

/** Files below a folder, recursively, skipping hidden files and folders. */
function collectFiles(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new UserError('not-found', `There is no file or folder at ${path}.`);
  }
  if (!stat.isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => collectFiles(join(path, entry.name)));
}

async function commandImport(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(HELP, argv, {
    attr: { type: 'string', multiple: true },
    kind: { type: 'string' },
    'allow-duplicates': { type: 'boolean' },
  });
  const path = requireProject('import', HELP, positionals);
  const inputs = positionals.slice(1);
  if (inputs.length === 0) usage(`Name at least one file or folder to import.`, HELP);
  const kind = str(values, 'kind');
  if (kind !== undefined && !(SOURCE_KINDS as readonly string[]).includes(kind)) {
    usage(`--kind is one of ${SOURCE_KINDS.join(', ')}.`, HELP);
  }
  const attributes: Record<string, string> = {};
  for (const pair of (values.attr as string[] | undefined) ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) usage(`--attr takes key=value, not "${pair}".`, HELP);
    attributes[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  const files: ImportFile[] = inputs
    .flatMap((input) => collectFiles(resolve(input)))
    .map((file) => ({
      name: basename(file),
      data: readFileSync(file),
    }));
  const report = await withProject(path, (session) =>
    importFiles(session, files, {
      kind: kind as SourceKind | undefined,
      attributes,
      allowDuplicates: values['allow-duplicates'] === true,
    }),
  );
  io.out(`Imported ${report.imported.length}, skipped ${report.skipped.length}, failed ${report.failed.length}.\n`);
  for (const item of report.imported) {
    io.out(`  imported  ${item.name} (${item.length} characters)\n`);
    for (const note of item.notes) io.out(`            note: ${note}\n`);
  }
  for (const item of report.skipped) io.out(`  skipped   ${item.file}: ${item.reason}\n`);
  for (const item of report.failed) io.err(`  failed    ${item.reason}\n`);
  if (report.failed.length > 0) {
    io.err(
      `${report.failed.length} file${report.failed.length === 1 ? '' : 's'} could not be imported; the others were.\n`,
    );
    return 1;
  }
  return 0;
}

/** `marginalia import` */
export const importCommand: Command = {
  name: 'import',
  summary: 'import documents as sources',
  help: HELP,
  run: commandImport,
};

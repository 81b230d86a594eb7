import { listSources } from '../../services/sources';
import { format, padTable, parse, requireProject, withProject, type Command, type Io } from '../args';

const HELP = `Usage: marginalia sources <project> [--format table|json]

Lists the project's sources with their kind, length, codings and attributes.`;

async function commandSources(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(HELP, argv, { format: { type: 'string' } });
  const path = requireProject('sources', HELP, positionals);
  const chosen = format(values, ['table', 'json'], 'table', HELP);
  const sources = await withProject(path, (session) => listSources(session));
  if (chosen === 'json') {
    io.out(`${JSON.stringify(sources, null, 2)}\n`);
    return 0;
  }
  const keys = [...new Set(sources.flatMap((source) => Object.keys(source.attributes)))];
  const rows = [['name', 'kind', 'characters', 'codings', ...keys]];
  for (const source of sources) {
    rows.push([
      source.name,
      source.kind,
      String(source.length),
      String(source.codingCount),
      ...keys.map((key) => source.attributes[key] ?? ''),
    ]);
  }
  io.out(sources.length === 0 ? 'The project has no sources yet.\n' : padTable(rows));
  return 0;
}

/** `marginalia sources` */
export const sourcesCommand: Command = {
  name: 'sources',
  summary: 'list sources',
  help: HELP,
  run: commandSources,
};

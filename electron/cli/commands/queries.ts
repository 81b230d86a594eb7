import { deleteSavedQuery, getSavedQuery, listSavedQueries } from '../../services/analysis/savedQueries';
import { runSavedQuery } from '../../services/analysis/run';
import { format, padTable, parse, requireProject, usage, withProject, type Command, type Io } from '../args';
import { emit, outputFormat } from './analysisOptions';

const HELP = `Usage: marginalia queries <project> [--format table|json]
       marginalia queries <project> show <name>
       marginalia queries <project> run <name> [--format csv|json|md|xlsx] [--out <file>] [--bom]
       marginalia queries <project> delete <name>

Queries saved in the project (with --save <name> on frequencies, cooccurrence, matrix,
segments, wordfreq, chart or codebook): list them, show one as JSON, re-run one on the
project as it is now, or delete one. Every export names the query that made it.`;

async function commandQueries(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(HELP, argv, {
    format: { type: 'string' },
    out: { type: 'string' },
    bom: { type: 'boolean' },
  });
  const path = requireProject('queries', HELP, positionals);
  const [, action, name, ...rest] = positionals;
  if (rest.length > 0) usage(`Unexpected argument "${rest[0]}".`, HELP);
  if (action === undefined) {
    const chosen = format(values, ['table', 'json'], 'table', HELP);
    const saved = await withProject(path, (session) => listSavedQueries(session));
    if (chosen === 'json') {
      io.out(`${JSON.stringify(saved, null, 2)}\n`);
    } else if (saved.length === 0) {
      io.out('No saved queries yet; add --save <name> to an analysis command.\n');
    } else {
      io.out(padTable([['name', 'kind', 'saved'], ...saved.map((query) => [query.name, query.query.kind, query.updatedAt])]));
    }
    return 0;
  }
  if (!name) usage(`Name the saved query to ${action}.`, HELP);
  if (action === 'show') {
    const saved = await withProject(path, (session) => getSavedQuery(session, name));
    io.out(`${JSON.stringify(saved, null, 2)}\n`);
    return 0;
  }
  if (action === 'delete') {
    await withProject(path, (session) => deleteSavedQuery(session, name));
    io.err(`Deleted the saved query "${name}".\n`);
    return 0;
  }
  if (action === 'run') {
    const chosen = outputFormat(values, ['csv', 'json', 'md', 'xlsx'] as const, 'csv', HELP);
    await withProject(path, (session) => emit(io, runSavedQuery(session, name), chosen, values));
    return 0;
  }
  usage(`Unknown queries action "${action}".`, HELP);
}

/** `marginalia queries` */
export const queriesCommand: Command = {
  name: 'queries',
  summary: 'list, show, re-run or delete the queries saved in a project',
  help: HELP,
  run: commandQueries,
};

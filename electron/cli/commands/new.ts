import { resolve } from 'node:path';
import { listCodes } from '../../services/codes';
import { closeProject, createProject } from '../../services/project';
import { createProjectFromExchange } from '../../services/exchange';
import { listCoders } from '../../services/session';
import { listSources } from '../../services/sources';
import { parse, requireProject, str, usage, type Command, type Io } from '../args';

const HELP = `Usage: marginalia new <project> [--name <title>] [--codebook digital-governance|<file>] [--coder <name>] [--sample]
       marginalia new <project> --from <file.qdpx|file.qde|file.qdc> [--name <title>] [--coder <name>]

Creates a project file (.marginalia).
  --name <title>        the project's title (default: the file name)
  --codebook <choice>   digital-governance (the built-in three-framework codebook), or a
                        codebook file (.json, or .csv with path,description,color columns)
  --coder <name>        who is coding (default: your user name)
  --sample              fill the project with the sample sources, coded
  --from <file>         make the project from a REFI-QDA exchange file (NVivo, ATLAS.ti,
                        MAXQDA, QualCoder, Marginalia): sources, codes, codings with their
                        coders, attributes, memos; what could not be carried over is listed`;

function commandNewFrom(path: string, from: string, name: string | undefined, coder: string | undefined, io: Io): number {
  const { session, result } = createProjectFromExchange(path, { path: resolve(from) }, { name, coderName: coder });
  // The file's users plus the current coder, who may be new.
  const coders = listCoders(session.db).length;
  closeProject(session);
  const count = (value: number, noun: string): string => `${value} ${noun}${value === 1 ? '' : 's'}`;
  io.out(
    `Created ${path} from ${from}: ${count(result.sources, 'source')}, ${count(result.codes, 'code')}, ${count(result.codings, 'coding')}, ${count(result.attributes, 'attribute')}, ${count(result.memos, 'memo')}, ${count(coders, 'coder')}.\n`,
  );
  if (result.report.length > 0) {
    io.out('Import report (what could not be carried over as it was):\n');
    for (const line of result.report) io.out(`  - ${line}\n`);
  }
  return 0;
}

async function commandNew(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(HELP, argv, {
    name: { type: 'string' },
    codebook: { type: 'string' },
    coder: { type: 'string' },
    sample: { type: 'boolean' },
    from: { type: 'string' },
  });
  const path = requireProject('new', HELP, positionals);
  if (positionals.length > 1) usage(`Unexpected argument "${positionals[1]}".`, HELP);
  const from = str(values, 'from');
  if (from !== undefined) {
    if (values.sample === true || str(values, 'codebook') !== undefined) {
      usage('--from brings its own codebook and sources: leave out --codebook and --sample.', HELP);
    }
    return commandNewFrom(path, from, str(values, 'name'), str(values, 'coder'), io);
  }
  const codebook = str(values, 'codebook');
  const session = await createProject(path, {
    name: str(values, 'name'),
    codebook:
      codebook === undefined || codebook === 'digital-governance' || codebook === 'empty'
        ? codebook
        : resolve(codebook),
    coderName: str(values, 'coder'),
    sample: values.sample === true,
  });
  const codes = listCodes(session).length;
  const sources = listSources(session).length;
  closeProject(session);
  io.out(
    `Created ${path} with ${codes} code${codes === 1 ? '' : 's'}${sources ? ` and ${sources} sample sources` : ''}.\n`,
  );
  return 0;
}

/** `marginalia new` */
export const newCommand: Command = {
  name: 'new',
  summary: 'create a project',
  help: HELP,
  run: commandNew,
};

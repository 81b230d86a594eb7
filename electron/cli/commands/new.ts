import { resolve } from 'node:path';
import { listCodes } from '../../services/codes';
import { closeProject, createProject } from '../../services/project';
import { listSources } from '../../services/sources';
import { parse, requireProject, str, usage, type Command, type Io } from '../args';

const HELP = `Usage: marginalia new <project> [--name <title>] [--codebook digital-governance|<file>] [--coder <name>] [--sample]

Creates a project file (.marginalia).
  --name <title>        the project's title (default: the file name)
  --codebook <choice>   digital-governance (the built-in three-framework codebook), or a
                        codebook file (.json, or .csv with path,description,color columns)
  --coder <name>        who is coding (default: your user name)
  --sample              fill the project with the sample sources, coded`;

async function commandNew(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(HELP, argv, {
    name: { type: 'string' },
    codebook: { type: 'string' },
    coder: { type: 'string' },
    sample: { type: 'boolean' },
  });
  const path = requireProject('new', HELP, positionals);
  if (positionals.length > 1) usage(`Unexpected argument "${positionals[1]}".`, HELP);
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

import { createCodeAtPath, listCodes } from '../../services/codes';
import { format, padTable, parse, requireProject, str, usage, withProject, type Command, type Io } from '../args';

const HELP = `Usage: marginalia codes <project> [--format table|json]
       marginalia codes <project> add <code path> [--color <#rrggbb>] [--description <text>]

Lists the codebook, or adds a code. A code path joins names from the root with "/"
("Incentives/Citizen participation"); write a slash inside a name as "\\/".`;

async function commandCodes(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(HELP, argv, {
    format: { type: 'string' },
    color: { type: 'string' },
    description: { type: 'string' },
  });
  const path = requireProject('codes', HELP, positionals);
  if (positionals[1] === 'add') {
    const codePath = positionals[2];
    if (!codePath || positionals.length > 3) usage(`Name one code path to add.`, HELP);
    const color = str(values, 'color');
    if (color !== undefined && !/^#[0-9a-fA-F]{6}$/.test(color)) usage(`--color is written #rrggbb.`, HELP);
    const code = await withProject(path, (session) =>
      createCodeAtPath(session, codePath, { color, description: str(values, 'description') }),
    );
    io.out(`Added ${code.path}.\n`);
    return 0;
  }
  if (positionals.length > 1) usage(`Unknown codes action "${positionals[1]}".`, HELP);
  const chosen = format(values, ['table', 'json'], 'table', HELP);
  const codes = await withProject(path, (session) => listCodes(session));
  if (chosen === 'json') {
    io.out(`${JSON.stringify(codes, null, 2)}\n`);
    return 0;
  }
  if (codes.length === 0) {
    io.out('The codebook is empty.\n');
    return 0;
  }
  const rows = [['code', 'color', 'segments', 'documents']];
  for (const code of codes)
    rows.push([
      `${'  '.repeat(code.depth)}${code.name}`,
      code.color,
      String(code.segmentCount),
      String(code.documentCount),
    ]);
  io.out(padTable(rows));
  return 0;
}

/** `marginalia codes` */
export const codesCommand: Command = {
  name: 'codes',
  summary: 'list the codebook, or add a code',
  help: HELP,
  run: commandCodes,
};

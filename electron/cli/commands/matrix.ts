import { MATRIX_VALUES } from '../../../shared/stats/matrix';
import { matrixDocument } from '../../../shared/format/matrix';
import type { MatrixQuery } from '../../../shared/format/query';
import { codeDocumentMatrix } from '../../services/analysis/matrix';
import { resolveCodePaths } from '../../services/analysis/scope';
import { parse, requireProject, str, usage, withProject, type Command, type Io } from '../args';
import { choice, codesOption, emit, outputFormat, saveIfAsked, SCOPE_HELP, SCOPE_OPTIONS, whereOption } from './analysisOptions';

const HELP = `Usage: marginalia matrix <project> [--value count|characters|presence] [--codes <path>,...] [--no-rollup]
                [--where <attr><op><value>]... [--coder <name>] [--format csv|xlsx|json|md] [--out <file>]
                [--bom] [--save <name>]

The code × document matrix: one row per source (id, name, kind, every attribute as its own
column), one column per code holding the number of codings (count), the coded characters
(code points, overlaps once) or 0/1 (presence). A parent includes its descendants unless
--no-rollup. The wide table researchers reshape in R or pandas.
${SCOPE_HELP}`;

async function commandMatrix(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(HELP, argv, {
    ...SCOPE_OPTIONS,
    value: { type: 'string' },
    codes: { type: 'string', multiple: true },
    'no-rollup': { type: 'boolean' },
  });
  const path = requireProject('matrix', HELP, positionals);
  if (positionals.length > 1) usage(`Unexpected argument "${positionals[1]}".`, HELP);
  const format = outputFormat(values, ['csv', 'xlsx', 'json', 'md'] as const, 'csv', HELP);
  const value = choice(values, 'value', MATRIX_VALUES, 'count', HELP);
  const where = whereOption(values, HELP);
  await withProject(path, async (session) => {
    const paths = codesOption(values);
    const query: MatrixQuery = {
      kind: 'matrix',
      value,
      codeIds: paths ? resolveCodePaths(session, paths) : null,
      rollup: values['no-rollup'] !== true,
      where,
      coder: str(values, 'coder') ?? null,
    };
    const report = codeDocumentMatrix(session, query);
    saveIfAsked(session, values, query, io);
    await emit(io, matrixDocument(report), format, values);
  });
  return 0;
}

/** `marginalia matrix` */
export const matrixCommand: Command = {
  name: 'matrix',
  summary: 'code × document matrix: one row per source, one column per code',
  help: HELP,
  run: commandMatrix,
};

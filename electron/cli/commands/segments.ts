import { segmentsDocument } from '../../../shared/format/segments';
import type { SegmentsQuery } from '../../../shared/format/query';
import { codedSegments } from '../../services/analysis/segments';
import { findCodeByPath } from '../../services/codes';
import { parse, requireProject, str, usage, withProject, type Command, type Io } from '../args';
import { emit, outputFormat, saveIfAsked, SCOPE_HELP, SCOPE_OPTIONS, whereOption } from './analysisOptions';

const HELP = `Usage: marginalia segments <project> [--code <path>] [--where <attr><op><value>]... [--coder <name>]
                [--format csv|xlsx|json|md] [--out <file>] [--bom] [--save <name>]

Coded segments, long and tidy: one row per coding with the source id and name, every
attribute as its own column, code id, full code path, top-level code, coder, start and end
(UTF-16 units, as Marginalia counts) and start_cp/end_cp (code points, as Python and R
count), the page / turn / section (第N条) it starts in where known, the text and the memo.
--code keeps that code and its descendants.
${SCOPE_HELP}`;

async function commandSegments(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(HELP, argv, { ...SCOPE_OPTIONS, code: { type: 'string' } });
  const path = requireProject('segments', HELP, positionals);
  if (positionals.length > 1) usage(`Unexpected argument "${positionals[1]}".`, HELP);
  const format = outputFormat(values, ['csv', 'xlsx', 'json', 'md'] as const, 'csv', HELP);
  const where = whereOption(values, HELP);
  await withProject(path, async (session) => {
    const code = str(values, 'code');
    const query: SegmentsQuery = {
      kind: 'segments',
      codeId: code === undefined ? null : findCodeByPath(session, code).id,
      where,
      coder: str(values, 'coder') ?? null,
    };
    const report = codedSegments(session, query);
    saveIfAsked(session, values, query, io);
    await emit(io, segmentsDocument(report), format, values);
  });
  return 0;
}

/** `marginalia segments` */
export const segmentsCommand: Command = {
  name: 'segments',
  summary: 'coded segments, one row per coding (long, tidy) for R, Python, Excel',
  help: HELP,
  run: commandSegments,
};

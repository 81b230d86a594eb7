import { COOCCURRENCE_RELATIONS, COOCCURRENCE_UNITS } from '../../../shared/stats/cooccurrence';
import { cooccurrenceDocument } from '../../../shared/format/cooccurrence';
import type { CooccurrenceQuery } from '../../../shared/format/query';
import { cooccurrence } from '../../services/analysis/cooccurrence';
import { resolveCodePaths } from '../../services/analysis/scope';
import { parse, requireProject, str, usage, withProject, type Command, type Io, type Values } from '../args';
import { choice, codesOption, emit, outputFormat, saveIfAsked, SCOPE_HELP, SCOPE_OPTIONS, whereOption } from './analysisOptions';
import type { ProjectSession } from '../../services/session';

const HELP = `Usage: marginalia cooccurrence <project> [--relation overlap|inside|exact] [--unit passages|documents]
                [--by <attribute>] [--bin <bins>] [--codes <path>,...] [--where <attr><op><value>]...
                [--coder <name>] [--format csv|json|md|xlsx] [--out <file>] [--bom] [--save <name>]

Codes × codes: for each pair of codes, the passages where their codings co-occur within a
source — any overlap (default), one inside the other, or the identical range. "passages"
counts pairs of codings, "documents" the sources with at least one. The diagonal holds each
code's own codings (or sources). Each code counts its own codings: a parent would trivially
co-occur with its children. --by gives one matrix per value of an attribute.
${SCOPE_HELP}`;

export const COOCCURRENCE_OPTIONS = {
  ...SCOPE_OPTIONS,
  relation: { type: 'string' },
  unit: { type: 'string' },
  by: { type: 'string' },
  bin: { type: 'string' },
  codes: { type: 'string', multiple: true },
} as const;

/** The co-occurrence query the options describe (shared with `marginalia chart cooccurrence`). */
export function cooccurrenceQueryOf(session: ProjectSession, values: Values, help: string): CooccurrenceQuery {
  const paths = codesOption(values);
  if (str(values, 'bin') !== undefined && str(values, 'by') === undefined) usage('--bin needs --by.', help);
  return {
    kind: 'cooccurrence',
    relation: choice(values, 'relation', COOCCURRENCE_RELATIONS, 'overlap', help),
    unit: choice(values, 'unit', COOCCURRENCE_UNITS, 'passages', help),
    by: str(values, 'by') ?? null,
    bin: str(values, 'bin') ?? null,
    codeIds: paths ? resolveCodePaths(session, paths) : null,
    where: whereOption(values, help),
    coder: str(values, 'coder') ?? null,
  };
}

async function commandCooccurrence(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(HELP, argv, COOCCURRENCE_OPTIONS);
  const path = requireProject('cooccurrence', HELP, positionals);
  if (positionals.length > 1) usage(`Unexpected argument "${positionals[1]}".`, HELP);
  const format = outputFormat(values, ['csv', 'json', 'md', 'xlsx'] as const, 'csv', HELP);
  choice(values, 'relation', COOCCURRENCE_RELATIONS, 'overlap', HELP);
  choice(values, 'unit', COOCCURRENCE_UNITS, 'passages', HELP);
  whereOption(values, HELP);
  await withProject(path, async (session) => {
    const query = cooccurrenceQueryOf(session, values, HELP);
    const report = cooccurrence(session, query);
    saveIfAsked(session, values, query, io);
    await emit(io, cooccurrenceDocument(report), format, values);
  });
  return 0;
}

/** `marginalia cooccurrence` */
export const cooccurrenceCommand: Command = {
  name: 'cooccurrence',
  summary: 'codes × codes: passages where two codes overlap, nest or coincide',
  help: HELP,
  run: commandCooccurrence,
};

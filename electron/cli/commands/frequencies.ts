import type { FrequencyUnit } from '../../../shared/domain/types';
import type { CodeId } from '../../../shared/domain/ids';
import type { ProjectSession } from '../../services/session';
import { CROSSTAB_UNITS, PERCENT_BASES } from '../../../shared/stats/crosstab';
import { crosstabDocument } from '../../../shared/format/crosstab';
import { frequencyCsv, frequencyJson, frequencyMarkdown } from '../../../shared/format/frequencies';
import type { CrosstabQuery } from '../../../shared/format/query';
import { UTF8_BOM } from '../../../shared/format/table';
import { crosstab } from '../../services/analysis/crosstab';
import { resolveCodePaths } from '../../services/analysis/scope';
import { frequencies } from '../../services/frequencies';
import { parse, requireProject, str, usage, withProject, type Command, type Io, type Values } from '../args';
import { choice, codesOption, emit, outputFormat, saveIfAsked, SCOPE_HELP, SCOPE_OPTIONS, whereOption, writeOrPrint } from './analysisOptions';

const HELP = `Usage: marginalia frequencies <project> --by <attribute> [--then <attribute>] [--codes <path>,...] [--no-rollup]
                [--unit segments|documents|characters|coverage] [--percent row|column]
                [--bin <bins>] [--then-bin <bins>] [--where <attr><op><value>]... [--coder <name>]
                [--format csv|json|md|xlsx] [--out <file>] [--bom] [--save <name>]

Code frequencies per value of an attribute (e.g. --by province), nested under a second one
with --then (province × kind). A parent code includes its descendants unless --no-rollup;
"characters" counts code points in the union of coded ranges, "coverage" their share (%) of
the characters of the column's sources. Totals count any code once, so they are not the sum
of the rows.
  --codes <paths>            rows: these codes only (comma-separated; repeatable)
  --bin <bins>               group a number or date attribute: a width (5, or 5@2003 to start
                             at 2003), edges (2015,2018,2021), or year | quarter | month
  --percent row|column       add row or column percentages
${SCOPE_HELP}`;

/** The options only the foundation issue knew; with nothing else, the output keeps its fixed shape. */
function usesNewOptions(values: Values, unit: string, format: string): boolean {
  const added = ['then', 'codes', 'no-rollup', 'percent', 'where', 'bin', 'then-bin'];
  return added.some((key) => values[key] !== undefined) || unit === 'coverage' || format === 'xlsx';
}

export const FREQUENCIES_OPTIONS = {
  ...SCOPE_OPTIONS,
  by: { type: 'string' },
  then: { type: 'string' },
  codes: { type: 'string', multiple: true },
  'no-rollup': { type: 'boolean' },
  unit: { type: 'string' },
  percent: { type: 'string' },
  bin: { type: 'string' },
  'then-bin': { type: 'string' },
} as const;

/** The crosstab query the options describe (shared with `marginalia chart frequencies`). */
export function crosstabQueryOf(session: ProjectSession, values: Values, help: string, defaultCodes?: () => CodeId[] | null): CrosstabQuery {
  const by = str(values, 'by');
  if (!by) usage(`--by names the attribute to compare (e.g. --by province).`, help);
  const unit = choice(values, 'unit', CROSSTAB_UNITS, 'segments', help);
  const percent = str(values, 'percent') === undefined ? null : choice(values, 'percent', PERCENT_BASES, 'row', help);
  if (percent && unit === 'coverage') usage('Coverage is already a percentage; use --percent with segments, documents or characters.', help);
  if (str(values, 'then-bin') !== undefined && str(values, 'then') === undefined) usage('--then-bin needs --then.', help);
  const paths = codesOption(values);
  return {
    kind: 'crosstab',
    by,
    then: str(values, 'then') ?? null,
    bin: str(values, 'bin') ?? null,
    thenBin: str(values, 'then-bin') ?? null,
    codeIds: paths ? resolveCodePaths(session, paths) : (defaultCodes?.() ?? null),
    rollup: values['no-rollup'] !== true,
    unit,
    percent,
    where: whereOption(values, help),
    coder: str(values, 'coder') ?? null,
  };
}

async function commandFrequencies(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(HELP, argv, FREQUENCIES_OPTIONS);
  const path = requireProject('frequencies', HELP, positionals);
  if (positionals.length > 1) usage(`Unexpected argument "${positionals[1]}".`, HELP);
  const by = str(values, 'by');
  if (!by) usage(`--by names the attribute to compare (e.g. --by province).`, HELP);
  const unit = choice(values, 'unit', CROSSTAB_UNITS, 'segments', HELP);
  const format = outputFormat(values, ['csv', 'json', 'md', 'xlsx'] as const, 'csv', HELP);
  const percent = str(values, 'percent') === undefined ? null : choice(values, 'percent', PERCENT_BASES, 'row', HELP);
  if (percent && unit === 'coverage') usage('Coverage is already a percentage; use --percent with segments, documents or characters.', HELP);
  if (str(values, 'then-bin') !== undefined && str(values, 'then') === undefined) usage('--then-bin needs --then.', HELP);
  whereOption(values, HELP);
  const coder = str(values, 'coder') ?? null;

  if (!usesNewOptions(values, unit, format)) {
    // The foundation issue's fixed shape (JSON keys, CSV columns) for the options it defined.
    const output = await withProject(path, (session) => {
      const table = frequencies(session, { by, unit: unit as FrequencyUnit, coder });
      saveIfAsked(session, values, { kind: 'crosstab', by, unit, coder }, io);
      return format === 'json' ? `${JSON.stringify(frequencyJson(table), null, 2)}\n` : format === 'md' ? frequencyMarkdown(table) : frequencyCsv(table);
    });
    writeOrPrint(io, format === 'csv' && values.bom === true ? UTF8_BOM + output : output, values);
    return 0;
  }

  await withProject(path, async (session) => {
    const query = crosstabQueryOf(session, values, HELP);
    const report = crosstab(session, query);
    saveIfAsked(session, values, query, io);
    await emit(io, crosstabDocument(report), format, values);
  });
  return 0;
}

/** `marginalia frequencies` */
export const frequenciesCommand: Command = {
  name: 'frequencies',
  summary: 'code frequencies by an attribute (crosstab: units, percentages, filters, bins)',
  help: HELP,
  run: commandFrequencies,
};

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FREQUENCY_UNITS, type FrequencyUnit } from '../../../shared/domain/types';
import { frequencyCsv, frequencyJson, frequencyMarkdown } from '../../../shared/format/frequencies';
import { frequencies } from '../../services/frequencies';
import { UserError } from '../../util/errors';
import { format, parse, requireProject, str, usage, withProject, type Command, type Io } from '../args';

const HELP = `Usage: marginalia frequencies <project> --by <attribute> [--unit segments|documents|characters]
                [--coder <name>] [--format csv|json|md] [--out <file>]

Code frequencies per value of an attribute (e.g. --by province). A parent code includes
its descendants; "characters" counts the union of coded ranges, with coverage shares.`;

async function commandFrequencies(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(HELP, argv, {
    by: { type: 'string' },
    unit: { type: 'string' },
    coder: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
  });
  const path = requireProject('frequencies', HELP, positionals);
  const by = str(values, 'by');
  if (!by) usage(`--by names the attribute to compare (e.g. --by province).`, HELP);
  const unit = str(values, 'unit') ?? 'segments';
  if (!(FREQUENCY_UNITS as readonly string[]).includes(unit)) {
    usage(`--unit is one of ${FREQUENCY_UNITS.join(', ')}.`, HELP);
  }
  const chosen = format(values, ['csv', 'json', 'md'], 'csv', HELP);
  const table = await withProject(path, (session) =>
    frequencies(session, { by, unit: unit as FrequencyUnit, coder: str(values, 'coder') ?? null }),
  );
  const output =
    chosen === 'json'
      ? `${JSON.stringify(frequencyJson(table), null, 2)}\n`
      : chosen === 'md'
        ? frequencyMarkdown(table)
        : frequencyCsv(table);
  const out = str(values, 'out');
  if (out) {
    try {
      writeFileSync(resolve(out), output);
    } catch {
      throw new UserError('not-found', `Cannot write ${out}; check that its folder exists and is writable.`);
    }
    io.err(`Wrote ${resolve(out)}.\n`);
  } else {
    io.out(output);
  }
  return 0;
}

/** `marginalia frequencies` */
export const frequenciesCommand: Command = {
  name: 'frequencies',
  summary: 'code frequencies by an attribute',
  help: HELP,
  run: commandFrequencies,
};

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AGREEMENT_UNITS, type AgreementUnit } from '../../../shared/stats/agreement';
import { agreement, agreementCsv, agreementMarkdown, agreementXlsx } from '../../services/agreement';
import { UserError } from '../../util/errors';
import { format, parse, requireProject, str, usage, withProject, type Command, type Io } from '../args';

const HELP = `Usage: marginalia agreement <project> --coders <a>,<b>[,…] [--unit character|segment|document]
                [--overlap 0.9] [--code <path>] [--all-sources] [--format md|csv|json|xlsx] [--out <file>]

Inter-coder agreement per code × source, per code, and pooled over all codes.
  --unit character  every character of each source, coded or not by each coder (as NVivo) — default
  --unit segment    codings match when they share at least --overlap (default 0.9) of the
                    characters the two cover together
  --unit document   the code present or absent in each source
Two coders: percent agreement, Cohen's kappa, Krippendorff's alpha, Brennan–Prediger's kappa
(2·pₒ − 1). Three or more: share of units all agree on, Fleiss' kappa, Krippendorff's alpha
(the Brennan–Prediger column is left blank). Each figure comes with its table.
  --code <path>     this code and the codes below it only
  --all-sources     also compare sources that not every coder has coded (left out by default)
  --format          md (default), csv, json, or xlsx (needs --out)`;

function overlapOption(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d*\.?\d+$/.test(raw) || !(value > 0 && value <= 1)) {
    usage(`--overlap is a share above 0 and at most 1, such as 0.9 (not "${raw}").`, HELP);
  }
  return value;
}

async function commandAgreement(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(HELP, argv, {
    coders: { type: 'string' },
    unit: { type: 'string' },
    overlap: { type: 'string' },
    code: { type: 'string' },
    'all-sources': { type: 'boolean' },
    format: { type: 'string' },
    out: { type: 'string' },
  });
  const path = requireProject('agreement', HELP, positionals);
  if (positionals.length > 1) usage(`Unexpected argument "${positionals[1]}".`, HELP);
  const coders = (str(values, 'coders') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (coders.length < 2) usage('--coders names two or more coders, separated by commas (e.g. --coders Ana,Ben).', HELP);
  const unit = str(values, 'unit') ?? 'character';
  if (!(AGREEMENT_UNITS as readonly string[]).includes(unit)) usage(`--unit is one of ${AGREEMENT_UNITS.join(', ')}.`, HELP);
  const overlap = overlapOption(str(values, 'overlap'));
  if (overlap !== undefined && unit !== 'segment') usage('--overlap applies to --unit segment only.', HELP);
  const chosen = format(values, ['md', 'csv', 'json', 'xlsx'], 'md', HELP);
  const out = str(values, 'out');
  if (chosen === 'xlsx' && !out) usage('--format xlsx writes a workbook: name it with --out (e.g. --out agreement.xlsx).', HELP);
  const report = await withProject(path, (session) =>
    agreement(session, {
      coders,
      unit: unit as AgreementUnit,
      overlap,
      code: str(values, 'code') ?? null,
      allSources: values['all-sources'] === true,
    }),
  );
  const output: string | Uint8Array =
    chosen === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : chosen === 'csv'
        ? agreementCsv(report)
        : chosen === 'xlsx'
          ? await agreementXlsx(report)
          : agreementMarkdown(report);
  if (out) {
    try {
      writeFileSync(resolve(out), output);
    } catch {
      throw new UserError('not-found', `Cannot write ${out}; check that its folder exists and is writable.`);
    }
    io.err(`Wrote ${resolve(out)}.\n`);
  } else {
    io.out(output as string);
  }
  return 0;
}

/** `marginalia agreement` */
export const agreementCommand: Command = {
  name: 'agreement',
  summary: 'inter-coder agreement (kappa, alpha) between coders',
  help: HELP,
  run: commandAgreement,
};

import type { CodeId, SourceId } from '../../../shared/domain/ids';
import { findCodeByPath } from '../../services/codes';
import { createCoding, locatePassage } from '../../services/codings';
import { findSourceByName, getSourceText } from '../../services/sources';
import { integer, parse, requireProject, str, usage, withProject, type Command, type Io } from '../args';

const HELP = `Usage: marginalia code <project> --source <name> --code <code path>
                (--text <exact passage> [--nth <n>] | --start <n> --end <n>) [--coder <name>] [--memo <text>]

Codes one passage of a source.
  --text <passage>      the exact passage; --nth picks its n-th occurrence (default 1)
  --start/--end <n>     a range in UTF-16 code units, end exclusive
  --coder <name>        who codes it (default: the project's current coder)
  --memo <text>         a memo on the coding`;

async function commandCode(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(HELP, argv, {
    source: { type: 'string' },
    code: { type: 'string' },
    text: { type: 'string' },
    nth: { type: 'string' },
    start: { type: 'string' },
    end: { type: 'string' },
    coder: { type: 'string' },
    memo: { type: 'string' },
  });
  const path = requireProject('code', HELP, positionals);
  const sourceName = str(values, 'source');
  const codePath = str(values, 'code');
  if (!sourceName || !codePath) usage(`--source and --code are required.`, HELP);
  const text = str(values, 'text');
  const start = integer(values, 'start', HELP);
  const end = integer(values, 'end', HELP);
  const nth = integer(values, 'nth', HELP) ?? 1;
  if (text !== undefined && (start !== undefined || end !== undefined)) {
    usage(`Give either --text or --start and --end, not both.`, HELP);
  }
  if (text === undefined && (start === undefined || end === undefined)) {
    usage(`Give the passage with --text, or a range with --start and --end.`, HELP);
  }
  if (nth < 1) usage(`--nth counts from 1.`, HELP);
  const coding = await withProject(
    path,
    (session) => {
      const source = findSourceByName(session, sourceName);
      const code = findCodeByPath(session, codePath);
      const range =
        text !== undefined
          ? locatePassage(getSourceText(session, source.id), text, nth)
          : { start: start as number, end: end as number };
      return {
        coding: createCoding(session, {
          sourceId: source.id as SourceId,
          codeId: code.id as CodeId,
          ...range,
          memo: str(values, 'memo'),
        }),
        code,
        source,
      };
    },
    str(values, 'coder'),
  );
  io.out(
    `Coded ${coding.source.name} ${coding.coding.start}–${coding.coding.end} as ${coding.code.path} (coder: ${coding.coding.coderName}).\n`,
  );
  return 0;
}

/** `marginalia code` */
export const codeCommand: Command = {
  name: 'code',
  summary: 'code a passage',
  help: HELP,
  run: commandCode,
};

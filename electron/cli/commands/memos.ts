import { MEMO_EXPORT_FORMATS } from '../../../shared/ipc/channels/memos';
import { exportMemos } from '../../services/memos';
import { parse, requireProject, usage, withProject, type Command, type Io } from '../args';
import { outputFormat, writeOrPrint } from './analysisOptions';

const HELP = `Usage: marginalia memos <project> [--format md|csv] [--out <file>] [--bom]

Exports every memo of the project: the project journal, and memos on sources, codes and codings.
  --format md   one Markdown document (default): the journal first, then the memos grouped by
                what they are attached to, each with its title, author, dates, what it is
                attached to (a coding's code, source, location and the coded passage) and its text
  --format csv  one row per memo: id, kind, attached_to, title, author, created, modified, text
                (the text as plain text; dates as ISO 8601 in UTC)
  --out <file>  write to a file instead of stdout
  --bom         CSV for Excel: start with a UTF-8 byte-order mark (Excel on a Chinese Windows
                otherwise reads the file as GBK), and keep cells from being read as formulas

The file is the same, byte for byte, as the one the Memos tab's "Export memos…" saves.`;

async function commandMemos(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(HELP, argv, {
    format: { type: 'string' },
    out: { type: 'string' },
    bom: { type: 'boolean' },
  });
  const path = requireProject('memos', HELP, positionals);
  if (positionals.length > 1) usage(`Unexpected argument "${positionals[1]}".`, HELP);
  const format = outputFormat(values, MEMO_EXPORT_FORMATS, 'md', HELP);
  if (values.bom === true && format !== 'csv') usage('--bom is for CSV files (--format csv).', HELP);
  const file = await withProject(path, (session) => exportMemos(session, { format, bom: values.bom === true }));
  writeOrPrint(io, file.content, values);
  return 0;
}

/** `marginalia memos` */
export const memosCommand: Command = {
  name: 'memos',
  summary: 'export the journal and every memo (Markdown or CSV)',
  help: HELP,
  run: commandMemos,
};

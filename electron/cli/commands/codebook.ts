import { codebookDocument } from '../../../shared/format/codebook';
import type { CodebookQuery } from '../../../shared/format/query';
import { codebookDocx } from '../../exporters/docx';
import { codebookWithCounts } from '../../services/analysis/codebook';
import { parse, requireProject, str, usage, withProject, type Command, type Io } from '../args';
import { boundedInteger, emit, outputFormat, saveIfAsked, SCOPE_HELP, SCOPE_OPTIONS, whereOption, writeOrPrint } from './analysisOptions';

const HELP = `Usage: marginalia codebook <project> [--format csv|md|docx|json|xlsx] [--out <file>] [--examples <n>]
                [--where <attr><op><value>]... [--coder <name>] [--bom] [--save <name>]

The codebook with counts: every code in codebook order with its description, colour, its
own codings, its codings with descendants and the documents it is in, and up to --examples
coded passages (default 3, from different sources where possible). DOCX is a Word codebook
document with a heading per code; it needs --out.
${SCOPE_HELP}`;

async function commandCodebook(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(HELP, argv, { ...SCOPE_OPTIONS, examples: { type: 'string' } });
  const path = requireProject('codebook', HELP, positionals);
  if (positionals.length > 1) usage(`Unexpected argument "${positionals[1]}".`, HELP);
  const format = outputFormat(values, ['csv', 'md', 'docx', 'json', 'xlsx'] as const, 'md', HELP);
  const query: CodebookQuery = {
    kind: 'codebook',
    examples: boundedInteger(values, 'examples', 3, 0, 20, HELP),
    where: whereOption(values, HELP),
    coder: str(values, 'coder') ?? null,
  };
  await withProject(path, async (session) => {
    const report = codebookWithCounts(session, query);
    saveIfAsked(session, values, query, io);
    if (format === 'docx') writeOrPrint(io, await codebookDocx(report), values);
    else await emit(io, codebookDocument(report), format, values);
  });
  return 0;
}

/** `marginalia codebook` */
export const codebookCommand: Command = {
  name: 'codebook',
  summary: 'the codebook with counts and examples (CSV, Markdown, Word)',
  help: HELP,
  run: commandCodebook,
};

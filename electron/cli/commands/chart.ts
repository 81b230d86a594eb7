import type { CodeId } from '../../../shared/domain/ids';
import { CHART_LANGUAGES, chartFile, cooccurrenceHeatMap, crosstabHeatMap, frequencyBarChart, wordfreqBars, type ChartLanguage } from '../../charts/index';
import { writeExport } from '../../exporters/output';
import { cooccurrence } from '../../services/analysis/cooccurrence';
import { crosstab } from '../../services/analysis/crosstab';
import { wordFrequency } from '../../services/analysis/wordfreq';
import { listCodes } from '../../services/codes';
import { parse, requireProject, str, usage, withProject, type Command, type Io } from '../args';
import { boundedInteger, saveIfAsked, SCOPE_HELP } from './analysisOptions';
import { COOCCURRENCE_OPTIONS, cooccurrenceQueryOf } from './cooccurrence';
import { crosstabQueryOf, FREQUENCIES_OPTIONS } from './frequencies';
import { WORDFREQ_OPTIONS, wordfreqQueryOf } from './wordfreq';

const HELP = `Usage: marginalia chart <project> frequencies --by <attribute> [--codes <path>,...] [--stacked | --heatmap]
                [frequencies options] --out <file.png|file.svg>
       marginalia chart <project> cooccurrence [cooccurrence options] --out <file.png|file.svg>
       marginalia chart <project> wordfreq [wordfreq options] --out <file.png|file.svg>
                [--width <px>] [--height <px>] [--scale <n>] [--lang en|zh-CN]

Draws an analysis as a chart labelled with its unit: bars of codes per attribute value
(grouped, or --stacked; without --codes, the top-level codes), a --heatmap of the crosstab
(every code),
a heat map of co-occurrence, or bars of the most frequent words per value. The file name
chooses SVG or PNG; a PNG is drawn at --scale times the size (default 2). The options of
each analysis are those of its own command (marginalia frequencies --help …).
--lang zh-CN writes the chart's titles, axes and notes in Simplified Chinese (default en);
code names, attributes and values are shown as they are in the project.
${SCOPE_HELP}`;

const KINDS = ['frequencies', 'cooccurrence', 'wordfreq'] as const;

/** --lang: the language of the chart's fixed words, written as the app names it (en, zh-CN). */
function chartLanguage(raw: string | undefined): ChartLanguage {
  if (raw === undefined) return 'en';
  const language = CHART_LANGUAGES.find((candidate) => candidate.toLowerCase() === raw.trim().toLowerCase());
  if (!language) usage(`--lang is ${CHART_LANGUAGES.join(' or ')} (the language of the chart's titles and axes), not "${raw}".`, HELP);
  return language;
}

async function commandChart(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(HELP, argv, {
    ...FREQUENCIES_OPTIONS,
    ...COOCCURRENCE_OPTIONS,
    ...WORDFREQ_OPTIONS,
    stacked: { type: 'boolean' },
    heatmap: { type: 'boolean' },
    width: { type: 'string' },
    height: { type: 'string' },
    scale: { type: 'string' },
  });
  const path = requireProject('chart', HELP, positionals);
  const kind = positionals[1];
  if (!kind || !(KINDS as readonly string[]).includes(kind)) usage(`Name the chart: ${KINDS.join(', ')}.`, HELP);
  if (positionals.length > 2) usage(`Unexpected argument "${positionals[2]}".`, HELP);
  const out = str(values, 'out');
  if (!out) usage('--out names the chart file (.png or .svg).', HELP);
  if (!/\.(png|svg)$/i.test(out)) usage('--out ends in .png or .svg.', HELP);
  if (values.format !== undefined) usage('A chart takes no --format; the --out file name chooses PNG or SVG.', HELP);
  if (values.stacked === true && values.heatmap === true) usage('Choose --stacked or --heatmap, not both.', HELP);
  if (kind !== 'frequencies' && (values.stacked === true || values.heatmap === true)) usage('--stacked and --heatmap are for frequencies charts.', HELP);
  for (const key of ['set', 'reset']) if (values[key] !== undefined) usage(`--${key} belongs to "wordfreq <project> stopwords".`, HELP);
  const language = chartLanguage(str(values, 'lang'));
  const width = boundedInteger(values, 'width', 960, 320, 8000, HELP);
  const height = boundedInteger(values, 'height', 540, 240, 8000, HELP);
  const scale = boundedInteger(values, 'scale', 2, 1, 8, HELP);

  const content = await withProject(path, async (session) => {
    if (kind === 'frequencies') {
      const codes = listCodes(session);
      // Bars of every code, parents and children, are unreadable: by default, the top level.
      // A heat map reads well with every code, so it keeps the whole codebook.
      const topLevel = (): CodeId[] | null => (values.heatmap === true ? null : codes.filter((code) => code.depth === 0).map((code) => code.id));
      const query = crosstabQueryOf(session, values, HELP, topLevel);
      const report = crosstab(session, query);
      saveIfAsked(session, values, query, io);
      const colors = new Map<CodeId, string>(codes.map((code) => [code.id, code.color]));
      const svg =
        values.heatmap === true
          ? await crosstabHeatMap(report, { width, language })
          : await frequencyBarChart(report, colors, { width, height, stacked: values.stacked === true, language });
      return chartFile(svg, out, scale);
    }
    if (kind === 'cooccurrence') {
      const query = cooccurrenceQueryOf(session, values, HELP);
      const report = cooccurrence(session, query);
      saveIfAsked(session, values, query, io);
      return chartFile(await cooccurrenceHeatMap(report, { width, language }), out, scale);
    }
    const query = wordfreqQueryOf(session, values, HELP);
    const report = wordFrequency(session, query);
    saveIfAsked(session, values, query, io);
    return chartFile(await wordfreqBars(report, { width, language }), out, scale);
  });
  io.err(`Wrote ${writeExport(out, content)}.\n`);
  return 0;
}

/** `marginalia chart` */
export const chartCommand: Command = {
  name: 'chart',
  summary: 'draw frequencies, co-occurrence or word frequency as a PNG or SVG chart',
  help: HELP,
  run: commandChart,
};

import type { Command } from '../args';
import { chartCommand } from './chart';
import { codebookCommand } from './codebook';
import { cooccurrenceCommand } from './cooccurrence';
import { matrixCommand } from './matrix';
import { queriesCommand } from './queries';
import { segmentsCommand } from './segments';
import { wordfreqCommand } from './wordfreq';

/** Analysis commands beyond `frequencies`: co-occurrence, matrices, segments, word frequency, charts. */
export const ANALYSIS_COMMANDS: readonly Command[] = [
  cooccurrenceCommand,
  matrixCommand,
  segmentsCommand,
  wordfreqCommand,
  chartCommand,
  codebookCommand,
  queriesCommand,
];

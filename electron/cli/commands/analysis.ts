import type { Command } from '../args';

/** Analysis commands beyond `frequencies`: co-occurrence, matrices, segments, word frequency, charts. */
export const ANALYSIS_COMMANDS: readonly Command[] = [];

import type { Command } from '../args';
import { agreementCommand } from './agreement';
import { exportCommand } from './export';
import { mergeCommand } from './merge';

/** Commands for exchanging projects with colleagues: REFI-QDA export, merge, agreement. */
export const SHARING_COMMANDS: readonly Command[] = [exportCommand, mergeCommand, agreementCommand];

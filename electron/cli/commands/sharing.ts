import type { Command } from '../args';

/** Commands for exchanging projects with colleagues: REFI-QDA export, merge, agreement. */
export const SHARING_COMMANDS: readonly Command[] = [];

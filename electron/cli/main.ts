import { codeCommand } from './commands/code';
import { codesCommand } from './commands/codes';
import { frequenciesCommand } from './commands/frequencies';
import { importCommand } from './commands/import';
import { memosCommand } from './commands/memos';
import { newCommand } from './commands/new';
import { serveCommand } from './commands/serve';
import { sourcesCommand } from './commands/sources';
import { ANALYSIS_COMMANDS } from './commands/analysis';
import { SHARING_COMMANDS } from './commands/sharing';
import { UsageError, type Command, type Io } from './args';
import { UserError } from '../util/errors';
import packageJson from '../../package.json';

export type { Io } from './args';

/** Every command, in the order `marginalia --help` lists them. Add a command here. */
const COMMANDS: readonly Command[] = [
  newCommand,
  importCommand,
  sourcesCommand,
  codesCommand,
  codeCommand,
  memosCommand,
  frequenciesCommand,
  ...ANALYSIS_COMMANDS,
  ...SHARING_COMMANDS,
  serveCommand,
];

const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  const lines = COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return `Marginalia — qualitative coding from the command line.

Usage: marginalia <command> [options]   (marginalia <command> --help for details)

Commands:
${lines.join('\n')}

Exit status: 0 on success, 1 when Marginalia could not do what was asked, 2 on bad usage.`;
}

/** Runs one CLI invocation and returns its exit status (0 ok, 1 user error, 2 usage). */
export async function runCli(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.out : io.err)(`${generalHelp()}\n`);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${packageJson.version}\n`);
    return 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(`Unknown command "${name}".\n\n${generalHelp()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${command.help}\n`);
    return 0;
  }
  try {
    return await command.run([...rest], io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n`);
      return 2;
    }
    if (error instanceof UserError) {
      io.err(`${error.message}\n`);
      return 1;
    }
    io.err(`Marginalia hit an unexpected problem: ${(error as Error).message}\n`);
    return 1;
  }
}

import { runCli } from './main';

// The CLI's process entry: everything testable lives in main.ts.
runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`Marginalia hit an unexpected problem: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);

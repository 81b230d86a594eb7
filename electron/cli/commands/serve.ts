import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { browserHost, createBackend } from '../../backend/backend';
import { startServer } from '../../server/server';
import { UserError } from '../../util/errors';
import { integer, parse, usage, type Command, type Io } from '../args';

const HELP = `Usage: marginalia serve [<project>] [--port <n>] [--no-open]

Runs Marginalia in your browser. Prints the address to open (with its access token) as
the first line, and runs until interrupted (Ctrl+C).
  --port <n>            the port (default 0: any free port)
  --no-open             do not open a browser window`;

function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No browser launcher: the address is printed, which is enough.
  }
}

async function commandServe(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(HELP, argv, { port: { type: 'string' }, 'no-open': { type: 'boolean' } });
  const port = integer(values, 'port', HELP) ?? 0;
  if (port > 65535) usage(`--port is at most 65535.`, HELP);
  const backend = createBackend(browserHost());
  if (positionals[0]) {
    const opened = await backend.openProjectAt(resolve(positionals[0]));
    if (!opened.ok) throw new UserError(opened.error.code, opened.error.message);
  }
  let server;
  try {
    server = await startServer(backend, { port });
  } catch (error) {
    backend.close();
    throw new UserError('conflict', `Cannot listen on port ${port}: ${(error as Error).message}.`);
  }
  io.out(`${server.url}\n`);
  io.err('Marginalia is running in browser mode; press Ctrl+C to stop.\n');
  if (values['no-open'] !== true && !process.env.CI) openBrowser(server.url);
  await new Promise<void>((resolvePromise) => {
    const stop = (): void => resolvePromise();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  backend.close();
  return 0;
}

/** `marginalia serve` */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'open the project in your browser',
  help: HELP,
  run: commandServe,
};

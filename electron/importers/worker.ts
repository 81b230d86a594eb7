import { parentPort } from 'node:worker_threads';
import { UserError } from '../util/errors';
import { runImportTask, type ImportTask, type TaskReply } from './tasks';

// A worker thread that parses files for an import (pool.ts starts it), so that a large PDF or
// a 50 MB text file never holds up the backend's event loop (DESIGN.md §2). One task at a time.
if (parentPort) {
  const port = parentPort;
  port.on('message', (message: { id: number; task: ImportTask }) => {
    runImportTask(message.task).then(
      (value) => port.postMessage({ id: message.id, ok: true, value } satisfies TaskReply),
      (error: unknown) => {
        const reply: TaskReply = {
          id: message.id,
          ok: false,
          error: {
            code: error instanceof UserError ? error.code : null,
            message: error instanceof Error ? error.message : String(error),
            ...(error instanceof UserError && error.key ? { key: error.key } : {}),
          },
        };
        port.postMessage(reply);
      },
    );
  });
  // Tells the pool the worker started: a worker that dies before this is a broken install,
  // not a hostile file, and the pool falls back to parsing in its own thread.
  port.postMessage({ ready: true });
}

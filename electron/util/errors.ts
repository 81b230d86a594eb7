import type { KeyedMessage } from '../../shared/domain/types';
import type { AppError, ErrorCode } from '../../shared/ipc/result';

/**
 * An error whose message is written for the researcher and safe to show as it is. It may also
 * carry a stable key and parameters (an import report's reason): the interface then says the
 * same thing in the researcher's language, while the CLI and the tests keep the English sentence.
 */
export class UserError extends Error {
  readonly code: ErrorCode;
  readonly key?: KeyedMessage;

  constructor(code: ErrorCode, message: string, key?: KeyedMessage) {
    super(message);
    this.name = 'UserError';
    this.code = code;
    if (key) this.key = key;
  }
}

/** A report entry's reason from an error: the English sentence, and its key when the error has one. */
export function reasonOf(error: UserError): { reason: string; reasonKey?: KeyedMessage } {
  return error.key ? { reason: error.message, reasonKey: error.key } : { reason: error.message };
}

/** Turns anything thrown into an error value; unexpected errors keep their message but say so. */
export function toAppError(error: unknown): AppError {
  if (error instanceof UserError) {
    return error.key ? { code: error.code, message: error.message, key: error.key } : { code: error.code, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Something went wrong inside Marginalia: ${message}` };
}

/** A keyed message: `keyed('import.empty', { file })`. */
export function keyed(key: string, params: KeyedMessage['params'] = {}): KeyedMessage {
  return { key, params };
}

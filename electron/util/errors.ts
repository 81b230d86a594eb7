import type { AppError, ErrorCode } from '../../shared/ipc/result';

/** An error whose message is written for the researcher and safe to show as it is. */
export class UserError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'UserError';
    this.code = code;
  }
}

/** Turns anything thrown into an error value; unexpected errors keep their message but say so. */
export function toAppError(error: unknown): AppError {
  if (error instanceof UserError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Something went wrong inside Marginalia: ${message}` };
}

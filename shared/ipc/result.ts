import type { KeyedMessage } from '../domain/types';

/** Machine-readable error codes; each error also carries a sentence a researcher can act on. */
export type ErrorCode =
  | 'invalid-arguments'
  | 'not-found'
  | 'conflict'
  | 'no-project'
  | 'not-a-project'
  | 'project-locked'
  | 'project-newer'
  | 'project-damaged'
  | 'unsupported-format'
  | 'cancelled'
  | 'internal';

/**
 * `key` names the sentence in the interface's catalogues (with its figures) where the backend
 * has one, so a Chinese screen can show it in Chinese; `message` stays the English sentence.
 */
export type AppError = Readonly<{ code: ErrorCode; message: string; key?: KeyedMessage }>;

/** Errors are values: every call answers with one of these two shapes. */
export type Result<T> = Readonly<{ ok: true; value: T }> | Readonly<{ ok: false; error: AppError }>;

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}

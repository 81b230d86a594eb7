import { expect } from 'vitest';
import { UserError } from '../../electron/util/errors';
import type { ParsedDocument } from '../../electron/importers/index';

/** Awaits a call that must fail with a UserError whose message names the file and matches the reason. */
export async function expectRefusal(call: Promise<unknown> | (() => unknown), fileName: string, reason: RegExp): Promise<UserError> {
  let caught: unknown = null;
  try {
    await (typeof call === 'function' ? call() : call);
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${fileName} to be refused`).toBeInstanceOf(UserError);
  const error = caught as UserError;
  expect(error.code).toBe('unsupported-format');
  expect(error.message).toContain(fileName);
  expect(error.message).toMatch(reason);
  return error;
}

/** The text a span covers. */
export function spanText(document: ParsedDocument, span: { start: number; end: number }): string {
  return document.text.slice(span.start, span.end);
}

/** Spans of one kind, in order. */
export function spansOf(document: ParsedDocument, kind: string): ParsedDocument['structure'][number][] {
  return document.structure.filter((span) => span.kind === kind);
}

/** Every span lies inside the text and the text is normalised (no CR, no BOM). */
export function expectWellFormed(document: ParsedDocument): void {
  expect(document.text).not.toMatch(/\r/);
  expect(document.text.startsWith('\uFEFF')).toBe(false);
  for (const span of document.structure) {
    expect(span.start).toBeGreaterThanOrEqual(0);
    expect(span.end).toBeLessThanOrEqual(document.text.length);
    expect(span.start).toBeLessThanOrEqual(span.end);
  }
}

import type { CoderId } from '../../../shared/domain/ids';
import type { Coding } from '../../../shared/domain/types';
import type { DocumentModel } from './model';

/**
 * Whose codings the document shows: everyone's; one coder's; or two coders compared side by
 * side (highlights of both, and a column of stripes per coder).
 */
export type CoderView =
  | Readonly<{ mode: 'all' }>
  | Readonly<{ mode: 'one'; coderId: CoderId }>
  | Readonly<{ mode: 'compare'; coderIds: readonly [CoderId, CoderId] }>;

/** The coders whose codings are shown, or null for everyone. */
export function shownCoders(view: CoderView): ReadonlySet<CoderId> | null {
  if (view.mode === 'all') return null;
  return new Set(view.mode === 'one' ? [view.coderId] : view.coderIds);
}

/**
 * The model with only the codings of `coders` (null: all of them, the same model back). The
 * block lists are filtered, so a block whose list did not change is still a new array only
 * when a coding of another coder was taken out of it.
 */
export function filterModel(model: DocumentModel, coders: ReadonlySet<CoderId> | null): DocumentModel {
  if (coders === null) return model;
  const keep = (coding: Coding): boolean => coders.has(coding.coderId);
  const codings = new Map([...model.codings].filter(([, coding]) => keep(coding)));
  if (codings.size === model.codings.size) return model;
  const byBlock = model.byBlock.map((list) => (list.every(keep) ? list : list.filter(keep)));
  return { ...model, codings, byBlock };
}

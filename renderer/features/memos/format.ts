import type { MemoEntry, MemoTargetType } from '../../../shared/ipc/channels/memos';
import { currentLocale, t } from '../../i18n';
import { markdownToPlainText } from '../../../shared/ipc/channels/memos';

/** A date and time as the interface's language writes it ("29 Nov 2026, 14:05"). */
export function formatMemoDate(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** The kind of memo in words ("Code", "Project journal"). */
export function memoKind(entry: Pick<MemoEntry, 'target'>): string {
  return t(`memos.type.${entry.target.type}`);
}

/** Everything the text filter looks through, lower-cased: title, words of the body, what it is about. */
export function memoHaystack(entry: MemoEntry): string {
  return [
    entry.title,
    markdownToPlainText(entry.body),
    entry.about,
    entry.context ?? '',
    entry.authorName ?? '',
    memoKind(entry),
  ]
    .join('\n')
    .toLocaleLowerCase();
}

/**
 * Memos matching a filter: every word of it must occur somewhere (case-insensitive). Chinese
 * is matched as typed, without word splitting, so "数字" finds "数字治理".
 */
export function filterMemos(memos: readonly MemoEntry[], filter: string): readonly MemoEntry[] {
  const words = filter.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return memos;
  return memos.filter((entry) => {
    const haystack = memoHaystack(entry);
    return words.every((word) => haystack.includes(word));
  });
}

/** The memos the Memos tab shows: of one kind (or all), then matching the text filter. */
export function shownMemos(
  memos: readonly MemoEntry[],
  kind: MemoTargetType | 'all',
  filter: string,
): readonly MemoEntry[] {
  return filterMemos(kind === 'all' ? memos : memos.filter((entry) => entry.target.type === kind), filter);
}

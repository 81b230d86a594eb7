import type { PassageLocation, RetrievedPassage } from '../../../shared/ipc/channels/retrieval';
import { t } from '../../i18n';

/**
 * Where a passage is, as a reader cites it: the page (and the article of a policy document, 第N条),
 * else the speaker turn, else the paragraph; null when the source records no structure.
 */
export function locationLabel(location: PassageLocation): string | null {
  const parts: string[] = [];
  if (location.page !== null) parts.push(t('retrieval.cite.page', { page: location.page }));
  if (location.article !== null) {
    parts.push(
      /^\d+$/.test(location.article) ? t('retrieval.cite.section', { number: location.article }) : location.article,
    );
  }
  if (parts.length > 0) return parts.join(t('retrieval.cite.separator'));
  if (location.turn !== null) return t('retrieval.cite.turn', { number: String(location.turn.number) });
  if (location.paragraph !== null) return t('retrieval.cite.paragraph', { number: String(location.paragraph) });
  return null;
}

/** A passage's text on one line: line breaks inside a quotation read as spaces. */
function flatten(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** One quotation with its citation: “…passage…” (Source name, p. 12). */
export function quotation(passage: Pick<RetrievedPassage, 'text' | 'source' | 'location'>): string {
  const where = locationLabel(passage.location);
  const citation = where === null ? passage.source : `${passage.source}${t('retrieval.cite.separator')}${where}`;
  return t('retrieval.cite.quotation', { text: flatten(passage.text), citation });
}

/** Quotations of several passages as plain text, a blank line between them. */
export function quotations(passages: readonly Pick<RetrievedPassage, 'text' | 'source' | 'location'>[]): string {
  return passages.map(quotation).join('\n\n');
}

import { HeadingNode, QuoteNode } from '@lexical/rich-text';
import { ListItemNode, ListNode } from '@lexical/list';
import { AutoLinkNode, LinkNode } from '@lexical/link';
import {
  $convertFromMarkdownString,
  $convertToMarkdownString,
  BOLD_ITALIC_STAR,
  BOLD_STAR,
  BOLD_UNDERSCORE,
  HEADING,
  INLINE_CODE,
  ITALIC_STAR,
  ITALIC_UNDERSCORE,
  LINK,
  ORDERED_LIST,
  QUOTE,
  STRIKETHROUGH,
  UNORDERED_LIST,
  type Transformer,
} from '@lexical/markdown';
import type { Klass, LexicalNode } from 'lexical';

/**
 * The Markdown a memo is stored as. Only what the editor's toolbar and shortcuts can make:
 * code blocks and check lists are left out (they need nodes the memo editor does not load),
 * so `$convertToMarkdownString` never meets a node it cannot write.
 */
export const MEMO_TRANSFORMERS: Transformer[] = [
  HEADING,
  QUOTE,
  UNORDERED_LIST,
  ORDERED_LIST,
  BOLD_ITALIC_STAR,
  BOLD_STAR,
  BOLD_UNDERSCORE,
  ITALIC_STAR,
  ITALIC_UNDERSCORE,
  STRIKETHROUGH,
  INLINE_CODE,
  LINK,
];

/** The nodes a memo editor registers, matching MEMO_TRANSFORMERS. */
export const MEMO_NODES: ReadonlyArray<Klass<LexicalNode>> = [
  HeadingNode,
  QuoteNode,
  ListNode,
  ListItemNode,
  LinkNode,
  AutoLinkNode,
];

/** Replaces the editor's content with `markdown`; call inside `editor.update`. */
export function $setMarkdown(markdown: string): void {
  $convertFromMarkdownString(markdown, MEMO_TRANSFORMERS);
}

/** The editor's content as Markdown; call inside `editor.read` or `editorState.read`. */
export function $getMarkdown(): string {
  return $convertToMarkdownString(MEMO_TRANSFORMERS).trim();
}

import { memo, useCallback } from 'react';
import type { CodeId, CodingId } from '../../../shared/domain/ids';
import type { Coding } from '../../../shared/domain/types';
import type { Block } from './model';
import { highlightStyle, paintBlock } from './paint';

export type Emphasis = Readonly<{ codingId: CodingId; color: string }>;

type BlockViewProps = Readonly<{
  block: Block;
  text: string;
  codings: readonly Coding[];
  colors: ReadonlyMap<CodeId, string>;
  /** The selected or hovered coding, only when it touches this block (so others stay memoised). */
  emphasis: Emphasis | null;
  register(index: number, element: HTMLElement | null): void;
}>;

const FALLBACK_COLOR = '#888888';

/**
 * One block of text, cut into pieces at coding boundaries. Each piece is a span carrying its
 * first offset (`data-s`) so a DOM selection maps back to text offsets (selection.ts).
 * Memoised: a new coding re-renders only the blocks whose coding list changed.
 */
export const BlockView = memo(function BlockView({ block, text, codings, colors, emphasis, register }: BlockViewProps) {
  const index = block.index;
  const ref = useCallback((element: HTMLElement | null) => register(index, element), [register, index]);
  const pieces = paintBlock(block, codings);
  const className = [
    'doc-block',
    block.heading !== null ? `doc-heading doc-heading-${Math.min(block.heading, 3)}` : '',
    block.continues ? 'doc-continues' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const content =
    pieces.length === 0 ? (
      <br />
    ) : (
      pieces.map((piece) => {
        const pieceText = text.slice(piece.start, piece.end);
        if (piece.codingIds.length === 0) {
          return (
            <span key={piece.start} data-s={piece.start}>
              {pieceText}
            </span>
          );
        }
        const emphasised = emphasis !== null && piece.codingIds.includes(emphasis.codingId);
        return (
          <span
            key={piece.start}
            data-s={piece.start}
            className={emphasised ? 'hl hl-emphasis' : 'hl'}
            data-codings={piece.codingIds.join(' ')}
            style={highlightStyle(
              piece.codeIds.map((codeId) => colors.get(codeId) ?? FALLBACK_COLOR),
              emphasised ? emphasis.color : null,
            )}
          >
            {pieceText}
          </span>
        );
      })
    );
  if (block.heading !== null) {
    return (
      <div
        ref={ref}
        className={className}
        role="heading"
        aria-level={Math.min(block.heading + 1, 6)}
        data-start={block.start}
        data-end={block.end}
        data-index={index}
        lang={block.cjk ? 'zh' : undefined}
      >
        {content}
      </div>
    );
  }
  return (
    <p
      ref={ref}
      className={className}
      data-start={block.start}
      data-end={block.end}
      data-index={index}
      lang={block.cjk ? 'zh' : undefined}
    >
      {content}
    </p>
  );
});

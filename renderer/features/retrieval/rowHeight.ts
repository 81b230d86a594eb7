import type { RetrievedPassage } from '../../../shared/ipc/channels/retrieval';
import type { RowEstimate } from '../../lib/useVirtualList';
import { isWide } from '../../lib/textMetrics';

/*
 * Typography the estimates assume at a 16px root font size, kept equal to retrieval.css:
 * 8px + 10px padding and a 1px border around a row, a heading line of 0.8125rem text, chips
 * 1rem high, the passage in 0.875rem text on 1.55 lines, memos in 0.75rem text on 1.4 lines.
 */
const ROW_CHROME_PX = 19;
const HEAD_PX = 19;
const CHIPS_PX = 19;
const TEXT_FONT_PX = 14;
const TEXT_LINE_PX = 14 * 1.55;
const TEXT_MARGIN_PX = 5;
const MEMO_FONT_PX = 12;
const MEMO_LINE_PX = 12 * 1.4;
const MEMO_MARGIN_PX = 4;
/** Row padding, the checkbox and the gap beside it: what the text does not get of the width. */
const TEXT_INSET_PX = 51;
const CHIP_FONT_PX = 11;
const CHIP_CHROME_PX = 20;

/** Width of a text in em: wide (CJK) characters one em, the others a little over half. */
function widthEm(text: string): number {
  let wide = 0;
  for (let index = 0; index < text.length; index += 1) if (isWide(text.charCodeAt(index))) wide += 1;
  return wide + (text.length - wide) * 0.55;
}

/** Lines a text of `em` ems takes in `width` pixels at `fontPx`, counting its own line breaks. */
function lines(text: string, fontPx: number, width: number): number {
  let count = 0;
  for (const part of text.split('\n')) count += Math.max(1, Math.ceil((widthEm(part) * fontPx) / width));
  return count;
}

/**
 * The height a passage row is likely to take before it has been on screen: exact enough to
 * keep the scrollbar calm and End close to its mark; measurements replace it.
 */
export function passageHeightEstimate(
  passages: readonly RetrievedPassage[],
  attributes: readonly string[],
  fontScale: number,
): RowEstimate {
  return (index, width) => {
    const passage = passages[index];
    if (!passage) return 0;
    const scale = fontScale > 0 ? fontScale : 1;
    const textWidth = Math.max(80, width - TEXT_INSET_PX * scale);
    let height = (ROW_CHROME_PX + HEAD_PX) * scale;
    const chips = attributes.filter((name) => passage.attributes[name] !== undefined);
    if (chips.length > 0) {
      const chipWidth = chips.reduce(
        (sum, name) => sum + widthEm(`${name} ${passage.attributes[name]}`) * CHIP_FONT_PX * scale + CHIP_CHROME_PX,
        0,
      );
      height += Math.max(1, Math.ceil(chipWidth / textWidth)) * CHIPS_PX * scale;
    }
    // Context and passage run on as one paragraph; a paragraph break in the context is a ¶, not a line.
    const text = `${passage.before} ${passage.text} ${passage.after}`.replace(/\n/g, ' ¶ ');
    height += TEXT_MARGIN_PX * scale + lines(text, TEXT_FONT_PX * scale, textWidth) * TEXT_LINE_PX * scale;
    if (passage.memo) {
      height += MEMO_MARGIN_PX * scale + lines(passage.memo, MEMO_FONT_PX * scale, textWidth) * MEMO_LINE_PX * scale;
    }
    return height;
  };
}

/** Longest in-vivo code name, in characters; a longer selection is cut at a character and marked "…". */
export const IN_VIVO_MAX_LENGTH = 80;

/** Punctuation and quotes that frame the words rather than belong to them. */
const FRAME =
  /^[\s"'“”‘’「」『』（）()【】《》〈〉[\],，.。、;；:：!！?？…—–\-·]+|[\s"'“”‘’「」『』（）()【】《》〈〉[\],，.。、;；:：!！?？…—–\-·]+$/gu;

/**
 * The name an in-vivo code gets from the selected words: line breaks and runs of spaces
 * become one space, framing quotes and punctuation go (“数字化改革。” → 数字化改革), and a long
 * selection is cut after IN_VIVO_MAX_LENGTH characters (never inside a surrogate pair).
 * Null when nothing but punctuation was selected.
 */
export function inVivoName(selected: string): string | null {
  const words = selected.replace(/\s+/gu, ' ').replace(FRAME, '');
  if (words.length === 0) return null;
  const characters = Array.from(words);
  if (characters.length <= IN_VIVO_MAX_LENGTH) return words;
  return `${characters.slice(0, IN_VIVO_MAX_LENGTH).join('').trimEnd()}…`;
}

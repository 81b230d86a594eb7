/** True when a key event goes to something that edits text, where shortcuts must stay out of the way. */
export function isEditableTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('input, textarea, select, [contenteditable="true"], [contenteditable=""]')) return true;
  // Open dialogs own the keyboard.
  return target.closest('[role="dialog"], [role="alertdialog"]') !== null;
}

/** Ctrl on Windows and Linux, Cmd on macOS. */
export function isPrimaryModifier(event: KeyboardEvent | { ctrlKey: boolean; metaKey: boolean }): boolean {
  return event.ctrlKey || event.metaKey;
}

/**
 * The row a list key moves to — ↑ ↓ one row, Home and End to the ends — or null for any other
 * key. For lists whose rows each take the focus (memos, retrieved passages).
 */
export function listRowForKey(key: string, index: number, length: number): number | null {
  if (length === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return Math.min(length - 1, index + 1);
    case 'ArrowUp':
      return Math.max(0, index - 1);
    case 'Home':
      return 0;
    case 'End':
      return length - 1;
    default:
      return null;
  }
}

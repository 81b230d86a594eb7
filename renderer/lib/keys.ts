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

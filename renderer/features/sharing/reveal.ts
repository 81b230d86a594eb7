/*
 * Bringing a passage of the open document on screen from another view (a disagreement in the
 * agreement report). The document view mounts only the blocks near its viewport, and a DOM
 * selection needs the blocks to be mounted; it also ignores a selection request made before
 * it mounted. So: wait for the text to mount, scroll towards the passage until its block is
 * there, then ask for the selection and centre it.
 */

type Range = Readonly<{ start: number; end: number }>;

const MAX_FRAMES = 60;

function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => resolve());
    else setTimeout(resolve, 16);
  });
}

function numberAttribute(element: Element, name: string): number {
  return Number(element.getAttribute(name));
}

/** The mounted block of the document text that holds `offset`, if any. */
function mountedBlockAt(text: Element, offset: number): HTMLElement | null {
  for (const block of text.querySelectorAll<HTMLElement>('[data-start][data-end]')) {
    if (offset >= numberAttribute(block, 'data-start') && offset < numberAttribute(block, 'data-end')) return block;
  }
  return null;
}

/**
 * Scrolls the open document to `range` and selects it through `select` (the document
 * slice's requestDomSelection). True when the passage was found on screen.
 */
export async function revealPassage(range: Range, textLength: number, select: () => void): Promise<boolean> {
  let jumped = false;
  if (typeof document === 'undefined') {
    select();
    return false;
  }
  for (let frame = 0; frame < MAX_FRAMES; frame += 1) {
    await nextFrame();
    const scroller = document.querySelector<HTMLElement>('.doc-scroller');
    const text = scroller?.querySelector('.doc-text');
    if (!scroller || !text || !text.querySelector('[data-start]')) continue;
    const block = mountedBlockAt(text, range.start);
    if (block) {
      block.scrollIntoView({ block: 'center' });
      select();
      return true;
    }
    // Not mounted yet: jump to where the passage should be (offsets grow down the page) the
    // first time, then step a screen towards it until the view has mounted its block.
    const blocks = [...text.querySelectorAll('[data-start][data-end]')];
    const firstStart = numberAttribute(blocks[0], 'data-start');
    if (!jumped) {
      jumped = true;
      scroller.scrollTop = Math.max(0, (range.start / Math.max(1, textLength)) * scroller.scrollHeight - scroller.clientHeight / 3);
    } else {
      scroller.scrollTop += range.start < firstStart ? -scroller.clientHeight / 2 : scroller.clientHeight / 2;
    }
  }
  select();
  return false;
}

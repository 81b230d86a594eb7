/** A coding's vertical extent in the margin, in pixels from the top of the text. */
export type StripeExtent = Readonly<{ id: string; top: number; bottom: number }>;

export type PackedStripe = StripeExtent & Readonly<{ lane: number }>;

/**
 * Packs stripes into lanes so that overlapping codings sit side by side: greedy interval
 * colouring, earliest top first and longer stripes first, each into the leftmost lane whose
 * last stripe ended above it (with `gap` pixels to spare). Lanes are packed per visible window,
 * so the cost follows what is on screen, not the whole document.
 */
export function packLanes(stripes: readonly StripeExtent[], gap = 2): { stripes: PackedStripe[]; laneCount: number } {
  const sorted = [...stripes].sort(
    (a, b) => a.top - b.top || b.bottom - b.top - (a.bottom - a.top) || (a.id < b.id ? -1 : 1),
  );
  const laneEnds: number[] = [];
  const packed: PackedStripe[] = [];
  for (const stripe of sorted) {
    let lane = laneEnds.findIndex((end) => end + gap <= stripe.top);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(stripe.bottom);
    } else {
      laneEnds[lane] = stripe.bottom;
    }
    packed.push({ ...stripe, lane });
  }
  return { stripes: packed, laneCount: laneEnds.length };
}

export type LabelPlacement = Readonly<{
  id: string;
  top: number;
  /** Stripes whose own label did not fit, shown as "+N" on this label (they keep their hover cards). */
  more: readonly string[];
}>;

/**
 * Places one label per stripe in a column beside the lanes: at the stripe's top, pushed down
 * below the previous label when they would collide. A label that would start below its
 * stripe's end does not get a place of its own (labels stay beside their text); it is
 * counted on the label above it instead, as "+N".
 */
export function placeLabels(stripes: readonly StripeExtent[], labelHeight: number): LabelPlacement[] {
  const sorted = [...stripes].sort((a, b) => a.top - b.top || a.bottom - b.bottom);
  const placed: { id: string; top: number; more: string[] }[] = [];
  let nextFree = -Infinity;
  for (const stripe of sorted) {
    const top = Math.max(stripe.top, nextFree);
    if (top > stripe.bottom && placed.length > 0) {
      placed[placed.length - 1].more.push(stripe.id);
      continue;
    }
    placed.push({ id: stripe.id, top, more: [] });
    nextFree = top + labelHeight;
  }
  return placed;
}

import type { CodeId } from '../../../shared/domain/ids';
import type { Code } from '../../../shared/domain/types';

/** Codes that have at least one child. */
export function parentsOf(codes: readonly Code[]): Set<CodeId> {
  const parents = new Set<CodeId>();
  for (const code of codes) if (code.parentId !== null) parents.add(code.parentId);
  return parents;
}

/** The rows a tree shows: codes in codebook order, without the descendants of collapsed codes. */
export function visibleCodes(codes: readonly Code[], collapsed: Readonly<Record<string, true>>): Code[] {
  const hidden = new Set<CodeId>();
  const visible: Code[] = [];
  for (const code of codes) {
    if (code.parentId !== null && (hidden.has(code.parentId) || collapsed[code.parentId])) {
      hidden.add(code.id);
      continue;
    }
    visible.push(code);
  }
  return visible;
}

/** A code's descendants (codes listed in codebook order, so one pass suffices). */
export function descendantCodes(codes: readonly Code[], codeId: CodeId): Code[] {
  const inside = new Set<CodeId>([codeId]);
  const found: Code[] = [];
  for (const code of codes) {
    if (code.parentId !== null && inside.has(code.parentId)) {
      inside.add(code.id);
      found.push(code);
    }
  }
  return found;
}

/** Where the "new code" input row goes: after the parent's last descendant, or at the end. */
export function insertionIndex(visible: readonly Code[], codes: readonly Code[], parentId: CodeId | null): number {
  if (parentId === null) return visible.length;
  const subtree = new Set([parentId, ...descendantCodes(codes, parentId).map((code) => code.id)]);
  let index = visible.findIndex((code) => code.id === parentId);
  if (index === -1) return visible.length;
  while (index + 1 < visible.length && subtree.has(visible[index + 1].id)) index += 1;
  return index + 1;
}

/** Where a code goes: under `parentId` (null: top level), at `position` among its new siblings. */
export type Placement = Readonly<{ parentId: CodeId | null; position: number }>;

/** The keyboard moves of the tree: Alt+↑/↓ reorder, Alt+→ under the code above, Alt+← out one level. */
export type TreeMove = 'up' | 'down' | 'in' | 'out';

/** Why a keyboard move cannot happen here (the code is already first, last, at the top…). */
export type MoveRefusal = 'first' | 'last' | 'no-previous' | 'top';

function siblingsOf(codes: readonly Code[], parentId: CodeId | null): Code[] {
  return codes.filter((code) => code.parentId === parentId);
}

/** The placement a keyboard move gives `code`, or why there is none (codes in codebook order). */
export function keyboardMove(codes: readonly Code[], code: Code, move: TreeMove): Placement | MoveRefusal {
  const siblings = siblingsOf(codes, code.parentId);
  const index = siblings.findIndex((entry) => entry.id === code.id);
  switch (move) {
    case 'up':
      return index <= 0 ? 'first' : { parentId: code.parentId, position: index - 1 };
    case 'down':
      return index >= siblings.length - 1 ? 'last' : { parentId: code.parentId, position: index + 1 };
    case 'in': {
      const above = siblings[index - 1];
      if (!above) return 'no-previous';
      return { parentId: above.id, position: siblingsOf(codes, above.id).length };
    }
    case 'out': {
      if (code.parentId === null) return 'top';
      const parent = codes.find((entry) => entry.id === code.parentId);
      const parentSiblings = siblingsOf(codes, parent?.parentId ?? null);
      return {
        parentId: parent?.parentId ?? null,
        position: parentSiblings.findIndex((entry) => entry.id === code.parentId) + 1,
      };
    }
  }
}

/** Where a dragged code lands relative to the row it is dropped on. */
export type DropZone = 'before' | 'inside' | 'after';

/** The zone of a row the pointer is in: the top and bottom quarters reorder, the middle nests. */
export function dropZoneAt(offsetY: number, height: number): DropZone {
  if (offsetY < height * 0.25) return 'before';
  if (offsetY > height * 0.75) return 'after';
  return 'inside';
}

/**
 * The placement of `dragged` dropped in `zone` of `target`'s row. Below an open code with
 * sub-codes the line drawn sits above its first child, so the code goes there (as in a file tree).
 */
export function dropPlacement(
  codes: readonly Code[],
  dragged: CodeId,
  target: Code,
  zone: DropZone,
  open = false,
): Placement {
  if (zone === 'after' && open && siblingsOf(codes, target.id).some((code) => code.id !== dragged)) {
    return { parentId: target.id, position: 0 };
  }
  if (zone === 'inside') {
    return { parentId: target.id, position: siblingsOf(codes, target.id).filter((code) => code.id !== dragged).length };
  }
  const siblings = siblingsOf(codes, target.parentId).filter((code) => code.id !== dragged);
  const index = siblings.findIndex((code) => code.id === target.id);
  return { parentId: target.parentId, position: zone === 'before' ? index : index + 1 };
}

/** True when `codeId` is `ancestorId` or lies below it: a code cannot go there. */
export function isWithin(codes: readonly Code[], codeId: CodeId, ancestorId: CodeId): boolean {
  if (codeId === ancestorId) return true;
  return descendantCodes(codes, ancestorId).some((code) => code.id === codeId);
}

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

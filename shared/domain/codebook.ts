import type { CodeId } from './ids';
import { joinCodePath } from './codePath';

export type CodeNodeInput = Readonly<{
  id: CodeId;
  parentId: CodeId | null;
  name: string;
  position: number;
}>;

export type OrderedCode<T extends CodeNodeInput> = Readonly<{
  code: T;
  depth: number;
  path: string;
  /** Ids of this code and all its ancestors, the code itself first. */
  lineage: readonly CodeId[];
}>;

/**
 * Orders a flat list of codes depth-first ("codebook order": siblings by position, each
 * parent before its children) and computes depth, path and lineage for each code.
 * Codes whose parent is missing are treated as roots so that nothing disappears.
 */
export function orderCodebook<T extends CodeNodeInput>(codes: readonly T[]): OrderedCode<T>[] {
  const known = new Set(codes.map((code) => code.id));
  const children = new Map<CodeId | null, T[]>();
  for (const code of codes) {
    const parent = code.parentId !== null && known.has(code.parentId) ? code.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(code);
    children.set(parent, list);
  }
  for (const list of children.values()) {
    list.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  }
  const ordered: OrderedCode<T>[] = [];
  const visit = (parent: CodeId | null, names: string[], lineage: CodeId[]): void => {
    for (const code of children.get(parent) ?? []) {
      const path = [...names, code.name];
      const codeLineage = [code.id, ...lineage];
      ordered.push({ code, depth: names.length, path: joinCodePath(path), lineage: codeLineage });
      visit(code.id, path, codeLineage);
    }
  };
  visit(null, [], []);
  return ordered;
}

/** Ids of `codeId` and every code below it. */
export function descendantsOf(codes: readonly CodeNodeInput[], codeId: CodeId): Set<CodeId> {
  const result = new Set<CodeId>([codeId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const code of codes) {
      if (code.parentId !== null && result.has(code.parentId) && !result.has(code.id)) {
        result.add(code.id);
        grew = true;
      }
    }
  }
  return result;
}

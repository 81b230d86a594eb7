/**
 * Code paths join code names from the root with `/` ("Incentives/Citizen participation").
 * A literal slash inside a name is written `\/` and a literal backslash `\\`.
 */
export function escapeCodeName(name: string): string {
  return name.replace(/\\/g, '\\\\').replace(/\//g, '\\/');
}

/** Joins names from the root into a path, escaping slashes inside names. */
export function joinCodePath(names: readonly string[]): string {
  return names.map(escapeCodeName).join('/');
}

/**
 * Splits a path into names. Returns null when the path is malformed: empty,
 * an empty segment ("a//b"), or a dangling backslash.
 */
export function splitCodePath(path: string): string[] | null {
  const names: string[] = [];
  let current = '';
  for (let index = 0; index < path.length; index += 1) {
    const char = path[index];
    if (char === '\\') {
      const next = path[index + 1];
      if (next !== '/' && next !== '\\') return null;
      current += next;
      index += 1;
    } else if (char === '/') {
      names.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  names.push(current.trim());
  if (names.some((name) => name.length === 0)) return null;
  return names;
}

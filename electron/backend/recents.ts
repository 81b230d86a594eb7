import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { RecentProject } from '../../shared/domain/types';

const LIMIT = 12;

/** Where Marginalia keeps its own settings: MARGINALIA_HOME, or the platform's config folder. */
export function marginaliaHome(): string {
  if (process.env.MARGINALIA_HOME) return process.env.MARGINALIA_HOME;
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Marginalia');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Marginalia');
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'marginalia');
}

/** Where browser mode creates new projects: MARGINALIA_HOME/projects, or ~/Documents/Marginalia. */
export function defaultProjectsDir(): string {
  if (process.env.MARGINALIA_HOME) return join(process.env.MARGINALIA_HOME, 'projects');
  return join(homedir(), 'Documents', 'Marginalia');
}

type Stored = { path: string; name: string; openedAt: string };

/** The recent-projects list, kept as a small JSON file written atomically. */
export class RecentProjects {
  private readonly file: string;

  constructor(homeDir: string) {
    this.file = join(homeDir, 'recent.json');
  }

  list(): RecentProject[] {
    return this.read().map((entry) => ({ ...entry, exists: existsSync(entry.path) }));
  }

  has(path: string): boolean {
    return this.read().some((entry) => entry.path === path);
  }

  add(path: string, name: string): void {
    const entries = [{ path, name, openedAt: new Date().toISOString() }, ...this.read().filter((entry) => entry.path !== path)];
    this.write(entries.slice(0, LIMIT));
  }

  private read(): Stored[] {
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      return Array.isArray(parsed)
        ? parsed.filter((entry): entry is Stored => typeof entry?.path === 'string' && typeof entry?.name === 'string')
        : [];
    } catch {
      return [];
    }
  }

  private write(entries: Stored[]): void {
    mkdirSync(join(this.file, '..'), { recursive: true });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(entries, null, 2));
    renameSync(temporary, this.file);
  }
}

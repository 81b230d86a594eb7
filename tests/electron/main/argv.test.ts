import { describe, expect, it } from 'vitest';
import { isProjectPath, projectPathFromArgv } from '../../../electron/main/argv';

describe('projectPathFromArgv', () => {
  it('finds a project passed by the file manager', () => {
    expect(projectPathFromArgv(['/opt/Marginalia/marginalia', '/home/r/访谈.marginalia'], '/home/r')).toBe(
      '/home/r/访谈.marginalia',
    );
  });

  it('makes a relative path absolute against the launching directory', () => {
    expect(projectPathFromArgv(['marginalia', 'study.MARGINALIA'], '/home/r/work')).toBe(
      '/home/r/work/study.MARGINALIA',
    );
  });

  it('ignores switches, the executable and other files', () => {
    expect(projectPathFromArgv(['x.marginalia'], '/')).toBeNull();
    expect(
      projectPathFromArgv(['electron', '.', '--allow-file-access-from-files', '--open=a.marginalia'], '/'),
    ).toBeNull();
    expect(projectPathFromArgv(['marginalia', 'notes.txt', 'marginalia.bak'], '/')).toBeNull();
  });

  it('takes the last project when several are given', () => {
    expect(projectPathFromArgv(['m', '/a.marginalia', '--flag', '/b.marginalia'], '/')).toBe('/b.marginalia');
  });

  it('does not take a bare extension for a file', () => {
    expect(isProjectPath('.marginalia')).toBe(false);
    expect(isProjectPath('a.marginalia')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import type { DocumentPreview } from '../../shared/domain/types';
import {
  commonColumns,
  encodingToSend,
  formatSize,
  itemsFor,
  reportFileName,
  sortItems,
  tableColumns,
  walkEntries,
  type DroppedEntry,
  type ImportBlob,
  type ImportItem,
} from '../../renderer/features/sources/importModel';

// The import dialog's logic (renderer/features/sources/importModel.ts): folder paths, the
// order files are shown in, how encoding overrides reach the backend, dropped folders.

function blob(name: string, content: string | Uint8Array = 'text'): ImportBlob {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return { name, size: bytes.length, arrayBuffer: async () => bytes.slice().buffer };
}

function preview(overrides: Partial<DocumentPreview>): DocumentPreview {
  return {
    format: 'text',
    encoding: 'utf-8',
    confidence: 100,
    certain: true,
    firstLines: [],
    kind: 'other',
    notes: [],
    ...overrides,
  };
}

function ready(item: ImportItem, value: DocumentPreview | null, status: ImportItem['status'] = 'ready'): ImportItem {
  return { ...item, preview: value, status, previewError: status === 'failed' ? 'It cannot be read.' : null };
}

describe('the import list', () => {
  it('keeps the path below the chosen folder, and leaves out hidden files and files added twice', () => {
    const items = itemsFor(
      [
        { file: blob('a.pdf'), path: 'corpus/Zhejiang/a.pdf' },
        { file: blob('b.txt'), path: 'corpus/b.txt' },
        { file: blob('.DS_Store'), path: 'corpus/.DS_Store' },
        { file: blob('x.txt'), path: 'corpus/.git/x.txt' },
        { file: blob('loose.docx') },
        { file: blob('loose.docx') },
      ],
      [],
    );
    expect(items.map((item) => [item.name, item.relativePath])).toEqual([
      ['corpus/Zhejiang/a.pdf', 'Zhejiang/a.pdf'],
      ['corpus/b.txt', 'b.txt'],
      ['loose.docx', undefined],
    ]);
    // Dropped on Windows, or with the entry's leading slash.
    const dropped = itemsFor([{ file: blob('c.txt'), path: '/data\\Anhui\\c.txt' }], items);
    expect(dropped.map((item) => [item.name, item.relativePath])).toEqual([['data/Anhui/c.txt', 'Anhui/c.txt']]);
    // A different file with a name already in the list gets its own key.
    const other = itemsFor([{ file: blob('loose.docx', 'other bytes') }], items);
    expect(other.map((item) => item.key)).toEqual(['loose.docx #2']);
  });

  it('shows files with an uncertain encoding first, then files that cannot be read, then by name', () => {
    const [a, b, c, d] = itemsFor(
      ['a.txt', 'b.txt', 'c.docx', 'd.txt'].map((name) => ({ file: blob(name) })),
      [],
    );
    const sorted = sortItems([
      ready(a, preview({})),
      ready(b, null, 'failed'),
      ready(c, preview({ format: 'docx', encoding: null })),
      ready(d, preview({ encoding: 'gb18030', confidence: 62, certain: false })),
    ]);
    expect(sorted.map((item) => item.name)).toEqual(['d.txt', 'b.txt', 'a.txt', 'c.docx']);
    // Once the researcher chose an encoding, the file is no longer flagged.
    const chosen = sortItems([ready(a, preview({})), { ...ready(d, preview({ certain: false })), encoding: 'gbk' }]);
    expect(chosen.map((item) => item.name)).toEqual(['a.txt', 'd.txt']);
  });

  it('reads spreadsheet columns from the preview, and offers the columns all surveys share', () => {
    const [one, two] = itemsFor([{ file: blob('s1.csv') }, { file: blob('s2.xlsx') }], []);
    const first = ready(one, preview({ format: 'csv', firstLines: ['id\tanswer\tprovince', '1\tYes\tZhejiang'] }));
    const second = ready(two, preview({ format: 'xlsx', encoding: null, firstLines: ['answer\tid\tyear'] }));
    expect(tableColumns(first)).toEqual(['id', 'answer', 'province']);
    expect(commonColumns([first, second])).toEqual(['id', 'answer']);
    expect(tableColumns(ready(one, preview({})))).toEqual([]);
  });

  it('sizes files in B, KB, MB and GB', () => {
    const format = (value: number): string => new Intl.NumberFormat('en').format(value);
    expect(formatSize(900, format)).toBe('900 B');
    expect(formatSize(2600, format)).toBe('2.5 KB');
    expect(formatSize(5 * 1024 * 1024, format)).toBe('5 MB');
    expect(formatSize(2 * 1024 ** 3, format)).toBe('2 GB');
    expect(reportFileName(new Date(2026, 0, 5, 9, 7))).toBe('import-report-2026-01-05-0907.json');
  });
});

describe('encoding overrides', () => {
  const items = itemsFor(
    [{ file: blob('gb.txt') }, { file: blob('talk.vtt') }, { file: blob('memo.docx') }, { file: blob('big5.md') }],
    [],
  );
  const [gb, vtt, docx, big5] = items;

  it('sends no encoding for a file the backend is left to detect', () => {
    expect(items.map(encodingToSend)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('sends each text file its own override, so different ones share a batch', () => {
    const mixed = [{ ...gb, encoding: 'gb18030' }, vtt, docx, { ...big5, encoding: 'big5' }];
    expect(mixed.map(encodingToSend)).toEqual(['gb18030', undefined, undefined, 'big5']);
  });

  it('sends no encoding for a format that carries its own (a Word file), even with an override set', () => {
    expect(encodingToSend({ ...docx, encoding: 'gb18030' })).toBeUndefined();
    // The preview's format decides once it is known: a .txt that is really HTML still takes one.
    const preview = { format: 'html' } as DocumentPreview;
    expect(encodingToSend({ ...gb, encoding: 'big5', preview })).toBe('big5');
  });
});

describe('dropped folders', () => {
  /** A folder tree as the File and Directory Entries API hands it out (in batches of two). */
  function folder(path: string, children: DroppedEntry[]): DroppedEntry {
    return {
      isFile: false,
      isDirectory: true,
      name: path.slice(path.lastIndexOf('/') + 1),
      fullPath: path,
      createReader() {
        let at = 0;
        return {
          readEntries(success) {
            const batch = children.slice(at, at + 2);
            at += batch.length;
            setTimeout(() => success(batch), 0);
          },
        };
      },
    };
  }
  function file(path: string): DroppedEntry {
    const name = path.slice(path.lastIndexOf('/') + 1);
    return { isFile: true, isDirectory: false, name, fullPath: path, file: (success) => success(blob(name)) };
  }

  it('walks every level, in name order, with each file’s path from the dropped folder', async () => {
    const tree = folder('/corpus', [
      folder('/corpus/Zhejiang', [
        file('/corpus/Zhejiang/b.pdf'),
        file('/corpus/Zhejiang/a.docx'),
        file('/corpus/Zhejiang/.hidden'),
      ]),
      folder('/corpus/Anhui', [file('/corpus/Anhui/talk.vtt')]),
      folder('/corpus/.git', [file('/corpus/.git/config')]),
      file('/corpus/sheet.csv'),
      file('/corpus/notes.txt'),
    ]);
    const found = await walkEntries([tree, file('/loose.txt')]);
    expect(found.map((entry) => [entry.file.name, entry.path])).toEqual([
      ['talk.vtt', 'corpus/Anhui/talk.vtt'],
      ['notes.txt', 'corpus/notes.txt'],
      ['sheet.csv', 'corpus/sheet.csv'],
      ['a.docx', 'corpus/Zhejiang/a.docx'],
      ['b.pdf', 'corpus/Zhejiang/b.pdf'],
      ['loose.txt', undefined],
    ]);
    const items = itemsFor(found, []);
    expect(items.find((item) => item.name === 'corpus/Zhejiang/a.docx')?.relativePath).toBe('Zhejiang/a.docx');
    expect(items.find((item) => item.name === 'loose.txt')?.relativePath).toBeUndefined();
  });
});

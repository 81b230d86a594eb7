import type { ImportFile } from '../features/sources/sourcesSlice';

/** Base64 of bytes, in chunks so that large files do not overflow the argument stack. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let index = 0; index < bytes.length; index += chunk) {
    binary += String.fromCharCode(...bytes.subarray(index, index + chunk));
  }
  return btoa(binary);
}

/** Reads files chosen in a file input as `{name, dataBase64}` for `sources:import`. */
export async function readFilesForImport(files: readonly File[]): Promise<ImportFile[]> {
  return Promise.all(
    files.map(async (file) => ({
      name: file.name,
      dataBase64: bytesToBase64(new Uint8Array(await file.arrayBuffer())),
    })),
  );
}

/** Saves text as a file through a temporary Blob link (browser mode and Electron alike). */
export function downloadText(fileName: string, content: string, type = 'text/csv;charset=utf-8'): void {
  // Saved exactly as the backend wrote it, so the file equals the CLI's export byte for byte.
  downloadBlob(fileName, new Blob([content], { type }));
}

/** Bytes from base64, the way the backend sends files (XLSX, DOCX, PNG, .qdpx). */
export function base64ToBytes(dataBase64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(dataBase64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/**
 * Saves bytes the backend sent as base64, byte for byte (a CSV keeps the BOM asked for Excel;
 * decoding it to text and back would drop it).
 */
export function downloadBase64(fileName: string, dataBase64: string, type = mimeTypeOf(fileName)): void {
  downloadBlob(fileName, new Blob([base64ToBytes(dataBase64)], { type }));
}

/** The MIME type of a file Marginalia saves, from its extension. */
export function mimeTypeOf(fileName: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const types: Readonly<Record<string, string>> = {
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    qdc: 'application/xml',
    qdpx: 'application/zip',
    csv: 'text/csv;charset=utf-8',
    json: 'application/json',
    md: 'text/markdown;charset=utf-8',
    png: 'image/png',
    svg: 'image/svg+xml',
  };
  return types[extension] ?? 'application/octet-stream';
}

function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

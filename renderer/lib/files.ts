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
  const blob = new Blob([content], { type });
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

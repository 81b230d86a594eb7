import type { ExportedFile } from '../../../shared/ipc/contract';
import { base64ToBytes } from './queryModel';

/**
 * Saves a file the backend made, byte for byte, through a temporary Blob link (browser mode
 * and Electron alike). renderer/lib/files.ts saves text only; XLSX, DOCX and PNG are bytes,
 * and decoding a CSV to text and back would drop the BOM asked for Excel.
 */
export function saveExportedFile(file: ExportedFile): void {
  const blob = new Blob([base64ToBytes(file.dataBase64)], { type: file.mimeType });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

import { keyed, UserError } from '../util/errors';
import { htmlToBlocks, imageNote, imageNoteKeys } from './html';
import { assembleBlocks, finishDocument } from './structure';
import type { ImportCaps, ParsedDocument } from './types';
import { refuseDoctype, xmlPartText } from './xml';
import { isEncryptedOfficePackage, isOleFile, isXmlPart, readZip, rebuildZip } from './zip';

/** Refuses an OLE file given an Office zip's name: a password-protected file or the old binary format. */
export function refuseOleOffice(bytes: Uint8Array, fileName: string, program: string, modern: string): void {
  if (!isOleFile(bytes)) return;
  if (isEncryptedOfficePackage(bytes)) {
    throw new UserError(
      'unsupported-format',
      `${fileName} is password-protected (encrypted); open it in ${program}, remove the password, save it, and import it again.`,
      keyed('import.encrypted', { file: fileName }),
    );
  }
  throw new UserError(
    'unsupported-format',
    `${fileName} is in the old binary ${program} format, not ${modern}; open it in ${program} and save it as ${modern}.`,
    keyed('import.oldOffice', { file: fileName, program, modern }),
  );
}

/** Refuses bytes that are not a zip at all (a renamed file). */
export function refuseNonZip(bytes: Uint8Array, fileName: string, what: string): void {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new UserError('unsupported-format', `${fileName} is not ${what}: it is not a zip archive, as those files are; was it renamed?`, keyed('import.notZip', { file: fileName }));
  }
}

/** Reads a .docx: hostile-zip checks, then mammoth; headings, list items, table rows and footnotes. */
export async function readDocx(bytes: Uint8Array, fileName: string, caps: ImportCaps): Promise<ParsedDocument> {
  refuseOleOffice(bytes, fileName, 'Word', '.docx');
  refuseNonZip(bytes, fileName, 'a Word document (.docx)');
  const zip = readZip(bytes, fileName, caps, isXmlPart);
  for (const [name, data] of zip.parts) refuseDoctype(xmlPartText(data), fileName, name);
  if (!zip.parts.has('word/document.xml')) {
    throw new UserError(
      'unsupported-format',
      `${fileName} is not a Word document: it has no word/document.xml part.`,
      keyed('import.docxNoDocument', { file: fileName }),
    );
  }

  const { default: mammoth } = await import('mammoth');
  let images = 0;
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(rebuildZip(zip)) },
      {
        // Images are counted, never read: only text is imported.
        convertImage: mammoth.images.imgElement(async () => {
          images += 1;
          return { src: '' };
        }),
        styleMap: ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"],
        ignoreEmptyParagraphs: true,
      },
    );
    html = result.value;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserError(
      'unsupported-format',
      `${fileName} could not be read as a Word document (${reason}); open it in Word, save it again, and import the new copy.`,
      keyed('import.docxDamaged', { file: fileName, detail: reason }),
    );
  }
  const converted = htmlToBlocks(html, { mammoth: true });
  const assembled = assembleBlocks(converted.blocks);
  return finishDocument(fileName, caps, {
    text: assembled.text,
    structure: assembled.structure,
    notes: [...converted.notes, ...imageNote(images)],
    noteKeys: { ...converted.noteKeys, ...imageNoteKeys(images) },
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  });
}

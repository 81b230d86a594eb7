import type { CodeId } from '../../../shared/domain/ids';
import type { CodebookResults } from '../../../shared/ipc/channels/codebook';
import { exportCodebook, importCodebook, previewCodebookImport } from '../../services/codebookTransfer';
import { mergeCodes, moveCode, previewMerge, rolledUpCounts } from '../../services/codes';
import type { HandlerContext, HandlersFor } from './types';

function bytesOf(dataBase64: string): Uint8Array {
  return new Uint8Array(Buffer.from(dataBase64, 'base64'));
}

/** Handlers of the codebook channels (shared/ipc/channels/codebook.ts). */
export function codebookHandlers({ need, changed }: HandlerContext): HandlersFor<keyof CodebookResults> {
  return {
    'codes:move': ({ codeId, parentId, position }) =>
      changed('codes', moveCode(need(), codeId as CodeId, parentId as CodeId | null, position)),
    'codes:previewMerge': ({ sourceCodeId, targetCodeId }) =>
      previewMerge(need(), sourceCodeId as CodeId, targetCodeId as CodeId),
    'codes:merge': ({ sourceCodeId, targetCodeId }) =>
      changed('codes', mergeCodes(need(), sourceCodeId as CodeId, targetCodeId as CodeId)),
    'codes:counts': () => rolledUpCounts(need()),
    'codebooks:export': ({ format }) => exportCodebook(need(), format),
    'codebooks:previewImport': ({ file }) => previewCodebookImport(need(), file.fileName, bytesOf(file.dataBase64)),
    'codebooks:import': ({ file }) => changed('codes', importCodebook(need(), file.fileName, bytesOf(file.dataBase64))),
  };
}

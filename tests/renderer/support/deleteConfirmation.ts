import type { CodeId } from '../../../shared/domain/ids';
import type { Code } from '../../../shared/domain/types';
import { deleteConfirmation } from '../../../renderer/features/codebook/CodebookPanel';

/** The confirmation lines for deleting the code with `codeId`. */
export function deleteConfirmationFor(codes: readonly Code[], codeId: CodeId): string[] {
  const code = codes.find((entry) => entry.id === codeId);
  if (!code) throw new Error('no such code');
  return deleteConfirmation(codes, code);
}

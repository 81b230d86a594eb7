/*
 * REFI-QDA exchange (issue 6): the neutral model, lenient readers, strict writers, and the
 * mapping to and from a Marginalia project. See docs/EXCHANGE.md.
 */
export type {
  ExchangeCase,
  ExchangeCode,
  ExchangeCodebook,
  ExchangeCoding,
  ExchangeNote,
  ExchangeOriginal,
  ExchangeProject,
  ExchangeSelection,
  ExchangeSet,
  ExchangeSource,
  ExchangeUser,
  ExchangeVariable,
  ExchangeVariableValue,
  NoteTarget,
  NoteTargetKind,
  VariableType,
} from './model';
export { VARIABLE_TYPES, countCodings, deriveGuid, flattenCodes, normaliseGuid } from './model';
export { readQdc, readQde, readQdpx, type InternalFiles, type ReadQdeOptions, type ReadQdpxOptions } from './read';
export { writeQdc, writeQde, writeQdpx, type WriteOptions } from './write';
export { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip';
export { exportProjectModel, importModelIntoProject, type ModelImportResult } from './project';

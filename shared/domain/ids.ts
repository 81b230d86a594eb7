/** Branded identifiers: a plain string at run time, a distinct type at compile time. */
export type SourceId = string & { readonly __brand: 'SourceId' };
export type CodeId = string & { readonly __brand: 'CodeId' };
export type CodingId = string & { readonly __brand: 'CodingId' };
export type CoderId = string & { readonly __brand: 'CoderId' };
export type AttributeId = string & { readonly __brand: 'AttributeId' };
export type MemoId = string & { readonly __brand: 'MemoId' };
export type ProjectId = string & { readonly __brand: 'ProjectId' };

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True when `value` is a lower-case canonical UUID, the only id form the project file stores. */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/**
 * This feature's interface strings, merged into the catalogues by renderer/i18n/en.ts and
 * zh-CN.ts (same keys in both; tests/renderer/i18n.test.ts checks them).
 */
export const retrievalEn = {} as const;

export const retrievalZhCN: Readonly<Record<keyof typeof retrievalEn, string>> = {};

/**
 * This feature's interface strings, merged into the catalogues by renderer/i18n/en.ts and
 * zh-CN.ts (same keys in both; tests/renderer/i18n.test.ts checks them).
 */
export const sourcesEn = {} as const;

export const sourcesZhCN: Readonly<Record<keyof typeof sourcesEn, string>> = {};

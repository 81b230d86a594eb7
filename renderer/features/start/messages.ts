/**
 * This feature's interface strings, merged into the catalogues by renderer/i18n/en.ts and
 * zh-CN.ts (same keys in both; tests/renderer/i18n.test.ts checks them).
 */
export const startEn = {} as const;

export const startZhCN: Readonly<Record<keyof typeof startEn, string>> = {};

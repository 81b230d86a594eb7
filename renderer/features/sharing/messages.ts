/**
 * This feature's interface strings, merged into the catalogues by renderer/i18n/en.ts and
 * zh-CN.ts (same keys in both; tests/renderer/i18n.test.ts checks them).
 */
export const sharingEn = {} as const;

export const sharingZhCN: Readonly<Record<keyof typeof sharingEn, string>> = {};

/**
 * This feature's interface strings, merged into the catalogues by renderer/i18n/en.ts and
 * zh-CN.ts (same keys in both; tests/renderer/i18n.test.ts checks them).
 */
export const codebookEn = {} as const;

export const codebookZhCN: Readonly<Record<keyof typeof codebookEn, string>> = {};

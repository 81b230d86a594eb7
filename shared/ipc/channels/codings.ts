/**
 * Channels of the codings area (issue 4). Merged into `channelArgs` and `ChannelResults`
 * by ../contract.ts; their handlers live in electron/backend/handlers/codings.ts.
 */
export const codingsArgs = {} as const;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as channels are added
export type CodingsResults = {};

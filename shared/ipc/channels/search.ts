/**
 * Channels of the search area (issue 4). Merged into `channelArgs` and `ChannelResults`
 * by ../contract.ts; their handlers live in electron/backend/handlers/search.ts.
 */
export const searchArgs = {} as const;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as channels are added
export type SearchResults = {};

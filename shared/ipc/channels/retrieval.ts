/**
 * Channels of the retrieval area (issue 4). Merged into `channelArgs` and `ChannelResults`
 * by ../contract.ts; their handlers live in electron/backend/handlers/retrieval.ts.
 */
export const retrievalArgs = {} as const;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as channels are added
export type RetrievalResults = {};

/**
 * Channels of the retrieval area (issue 4). Merged into `channelArgs` and `ChannelResults`
 * by ../contract.ts; their handlers live in electron/backend/handlers/retrieval.ts.
 */
import { z } from 'zod';
import { WHERE_OPERATORS, type WhereClause } from '../../stats/crosstab';
import { id, name } from './common';

/** Where a passage sits in its source, for a citation: the innermost span of each kind around its start. */
export type PassageLocation = Readonly<{
  /** Page label (PDF pages), as printed. */
  page: string | null;
  /** Article label (第N条) of a policy document. */
  article: string | null;
  /** The speaker turn: its number in the source (1-based) and its speaker label. */
  turn: Readonly<{ number: number; speaker: string | null }> | null;
  /** The paragraph's number in the source (1-based), counting the source's paragraph spans. */
  paragraph: number | null;
}>;

/** One coded passage, with what a reader needs to judge and cite it. */
export type RetrievedPassage = Readonly<{
  codingId: string;
  sourceId: string;
  source: string;
  /** Every attribute value of the source, by attribute name. */
  attributes: Readonly<Record<string, string>>;
  codeId: string;
  codePath: string;
  color: string;
  coder: string;
  /** UTF-16 offsets into the source's text. */
  start: number;
  end: number;
  text: string;
  /** A few sentences before and after the passage (empty at the source's edges); "\n" between paragraphs. */
  before: string;
  after: string;
  location: PassageLocation;
  memo: string;
}>;

export type RetrievalReport = Readonly<{
  codeId: string;
  codePath: string;
  includeDescendants: boolean;
  /** The attribute filters as the project spells the attribute names. */
  where: readonly WhereClause[];
  coder: string | null;
  /** Attribute names in the project's order, for columns. */
  attributes: readonly string[];
  /** Sources the filters keep. */
  sourceCount: number;
  passages: readonly RetrievedPassage[];
}>;

export const retrievalArgs = {
  /** Every passage coded with a code (and its descendants, unless told not to), filtered. */
  'retrieval:get': z
    .object({
      codeId: id,
      includeDescendants: z.boolean().default(true),
      /**
       * Attribute filters (`year >= 2022`), all of which must hold; compared as the
       * attribute's type says, exactly as the analyses compare them (without `op`, equality).
       */
      where: z
        .array(
          z
            .object({
              attribute: name,
              op: z.enum(WHERE_OPERATORS).default('='),
              value: z.string().trim().min(1).max(1000),
            })
            .strict(),
        )
        .max(50)
        .default([]),
      /** One coder's passages, or everyone's (null). */
      coder: name.nullable().default(null),
      /** Sentences of context on each side. */
      contextSentences: z.number().int().min(0).max(10).default(2),
    })
    .strict(),
} as const;

export type RetrievalResults = {
  'retrieval:get': RetrievalReport;
};

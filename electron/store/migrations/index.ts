import { initial } from './0010-initial';
import { savedQueries } from './0020-saved-queries';
import { searchIndex } from './0030-search-index';
import { changePayloads } from './0050-change-payloads';

/** A numbered, append-only schema step, run in one transaction. */
export type Migration = Readonly<{ version: number; name: string; sql: string }>;

/** All migrations in order. Append only; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [initial, savedQueries, searchIndex, changePayloads];

/** The schema version this build writes (the `user_version` of a migrated file). */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

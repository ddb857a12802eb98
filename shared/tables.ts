/**
 * The DynamoDB tables, described once for both the CDK stack (infra/) and the local stack
 * (local/). Every table has a string `pk` and `sk`; secondary indexes and TTL are listed here.
 */
export interface TableSchema {
  /** Attribute DynamoDB deletes items by, when its time (epoch seconds) has passed. */
  ttlAttribute?: string;
  /** Global secondary indexes: string partition and sort keys, all attributes projected. */
  indexes: { name: string; partitionKey: string; sortKey: string }[];
}

export type TableName = 'records' | 'auth' | 'logs';

export const TABLES: Record<TableName, TableSchema> = {
  /** Records, index entries, unique guards, upsert claims (expiring) and counters (shared/store/keys.ts). */
  records: { ttlAttribute: 'expiresAt', indexes: [] },
  /** API keys, users and sessions (shared/auth). */
  auth: { ttlAttribute: 'expiresAt', indexes: [] },
  /**
   * API call logs (shared/logs/keys.ts): items `L#<shard>` / log id, listed newest first by time on
   * the table and by route, state and model on these indexes, each key sharded like the table's.
   */
  logs: {
    ttlAttribute: 'expiresAt',
    indexes: [
      { name: 'byRoute', partitionKey: 'routeKey', sortKey: 'sk' },
      { name: 'byState', partitionKey: 'stateKey', sortKey: 'sk' },
      { name: 'byModel', partitionKey: 'modelKey', sortKey: 'sk' },
    ],
  },
};

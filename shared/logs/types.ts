/**
 * One API log, with the field names of docs/operating.md (snake_case, as operators and the original module
 * know them). Optional fields are absent when they do not apply.
 */
export interface ApiLog {
  /** Time-sortable (a ULID). */
  log_id: string;
  /** ISO 8601, UTC, milliseconds. */
  created_at: string;
  /** `/api/create_data` */
  route: string;
  /** `create_data` */
  function_name: string;
  /** `params.model` when the request named one. */
  model: string | null;
  log_type: 'receive';
  state: LogState;
  http_status: number;
  error_code: string | null;
  duration_ms: number;
  /** The key's or user's name. */
  principal: string;
  /** `key:<id>` or `user:<login>`: never a secret. */
  principal_id: string;
  /** The caller's current company. */
  company_id: number;
  request_id: string;
  source_ip: string | null;
  /** Records the call wrote (or, for a search, returned). */
  res_ids: number[];
  /** The JSON text of `params` (secrets redacted), cut at preview_limit characters. */
  data_preview: string;
  /** Bytes of that whole text. */
  data_size: number;
  /** The JSON text of the response body, cut at preview_limit characters. */
  result_preview: string;
  result_size: number;
  /** S3 key of `{"data": <request>, "result": <response>}` when either text is longer than the previews. */
  attachment: string | null;
  /** Why the whole texts could not be saved to S3 (the previews are all there is). */
  attachment_error?: string;
  /**
   * Failed calls only (not dry runs, which write nothing): true when the request's writes were discarded (rollback on), false when
   * whatever it wrote before failing stays (rollback_except off, or an undo that did not go through).
   */
  rolled_back?: boolean;
  /** Failed calls only: DynamoDB never said whether the write was made (it may have been). */
  outcome_unknown?: boolean;
  /**
   * A write of several transactions that its request could not finish or undo: `pending` until the
   * recovery takes it in hand, then `undone` (nothing of it remains), `kept` (undone but for
   * records other requests changed meanwhile) or `completed` (it was whole: it stays).
   */
  recovery?: RecoveryState;
  /** When the recovery acted (ISO 8601). */
  recovered_at?: string;
  /** Records (`model,id`) whose undo was refused because other requests changed them meanwhile. */
  kept?: string[];
  /** The log this call replays (`logs replay`). */
  replay_of?: string;
  /** The request's `Idempotency-Key` header, when it sent one. */
  idempotency_key?: string;
  /** A `replayed` call: the log of the call whose answer was given again. */
  original_log_id?: string;
}

/**
 * `done` and `failed` say how a call ended; a dry run is `dry_run` whether it passed its checks or
 * not (its `error_code` says which), so that listings of failures show calls that meant to write.
 * `replayed`: the answer kept for the request's Idempotency-Key was given again; nothing written.
 */
export const LOG_STATES = ['done', 'failed', 'dry_run', 'replayed'] as const;
export type LogState = (typeof LOG_STATES)[number];

export type RecoveryState = 'pending' | 'undone' | 'kept' | 'completed';

/** The fields in the order docs/operating.md lists them, as listings print them. */
export const LOG_FIELDS = [
  'log_id', 'created_at', 'route', 'function_name', 'model', 'log_type', 'state', 'http_status', 'error_code',
  'duration_ms', 'principal', 'principal_id', 'company_id', 'request_id', 'source_ip', 'res_ids',
  'data_preview', 'data_size', 'result_preview', 'result_size', 'attachment', 'attachment_error', 'rolled_back', 'outcome_unknown', 'recovery', 'recovered_at', 'kept', 'replay_of',
  'idempotency_key', 'original_log_id',
] as const satisfies readonly (keyof ApiLog)[];

/** A log with its whole request and response, from S3 when they were spilled. */
export interface WholeCall {
  data: unknown;
  result: unknown;
  /** False when only cut previews could be read (the S3 copy is missing or was never saved). */
  complete: boolean;
}

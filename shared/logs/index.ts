/**
 * API logs (docs/operating.md): one record per call of a logged route, written after the business
 * transaction and independent of it; previews in DynamoDB, whole texts in S3 when cut; listings
 * newest first by time, route, state and model without a Scan.
 */
export { recordCall } from './writer';
export { recordRecovery, type RecoveryNote } from './recovered';
export { getLog, listLogs, readWholeCall, type ListOptions, type LogFilter } from './query';
export { MAX_MODEL_CHARS, type CallFacts } from './record';
export { LOG_ID, LOG_ID_HEADER, REPLAY_HEADER, newLogId } from './keys';
export { LOG_FIELDS, LOG_STATES, type ApiLog, type LogState, type WholeCall } from './types';

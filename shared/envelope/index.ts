export { ERROR_CODES, type ErrorCode } from './codes';
export { WebhookError, quote, type ErrorDetails } from './errors';
export * from './jsonrpc';
export { checkKeys, closest, editDistance, type KeyLevel } from './unknown-key';

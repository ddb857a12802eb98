export { ERROR_CODES, isProtocolCode, type ErrorCode } from './codes';
export { WebhookError, isWebhookError, quote, type ErrorDetails } from './errors';
export * from './jsonrpc';

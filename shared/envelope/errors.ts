import { ERROR_CODES, type ErrorCode } from './codes';

export type ErrorDetails = Record<string, unknown>;

/**
 * A failure the caller is told about: a stable code, a message that keeps the original module's key
 * phrases, and details for programs. Everything else that is thrown is an internal fault and
 * reaches the caller only as `Internal error` (see envelope/jsonrpc.ts).
 */
export class WebhookError extends Error {
  override readonly name = 'WebhookError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
  }

  /** HTTP status of the answer: 200 for handled failures, the protocol status otherwise. */
  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

/** Quotes a value the way the original module's messages do: `'C001'`. */
export function quote(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  return `'${JSON.stringify(value)}'`;
}

import { WebhookError } from '../envelope';

/**
 * Where in `search_domain` something is: an offset into the text (0-based, as JSON.parse counts),
 * or the JSON path of an element when the domain came as a JSON array.
 */
export type Where = number | string;

export const describeWhere = (at: Where): string => (typeof at === 'number' ? `position ${at}` : at);

/** A `DOMAIN` failure saying what is wrong and where, with the text around it when there is one. */
export function domainError(what: string, at: Where, text?: string): WebhookError {
  const near = typeof at === 'number' && text !== undefined ? `: ${excerpt(text, at)}` : '';
  return new WebhookError('DOMAIN', `search_domain: ${what} at ${describeWhere(at)}${near}`, {
    path: 'search_domain',
    ...(typeof at === 'number' ? { position: at } : { at }),
  });
}

/** About 30 characters of the text from the position, one line, quoted. */
function excerpt(text: string, at: number): string {
  const start = Math.max(0, at - 10);
  const slice = text.slice(start, at + 20).replace(/\s+/g, ' ');
  return `"${start > 0 ? '...' : ''}${slice}${at + 20 < text.length ? '...' : ''}"`;
}

export function orderError(what: string, order: string): WebhookError {
  return new WebhookError('ORDER', `order: ${what} in ${JSON.stringify(order)}`, { path: 'order', order });
}

/** LIMIT_EXCEEDED: `what` would take `bytes` of an answer that holds at most `max`. */
export function answerTooLarge(what: string, bytes: number, max: number): WebhookError {
  return new WebhookError(
    'LIMIT_EXCEEDED',
    `${what} would be ${bytes} bytes, more than a response may hold; ask for fewer records ('limit') or fields ('search_field')`,
    { bytes, max },
  );
}

/** LIMIT_EXCEEDED: an order sorted in memory (it reads every match) would gather more than `max`. */
export function tooManyToSort(max: number): WebhookError {
  return new WebhookError(
    'LIMIT_EXCEEDED',
    `This order sorts in memory, which reads at most ${max} matching records, and more match; narrow search_domain, or order by id or an indexed field`,
    { path: 'order', limit: max },
  );
}

/** LIMIT_EXCEEDED: `count` would count more than `max` matches (it reads every one). */
export function tooManyToCount(max: number): WebhookError {
  return new WebhookError('LIMIT_EXCEEDED', `'count' counts at most ${max} matching records, and more match; narrow search_domain or leave 'count' out`, {
    path: 'count',
    limit: max,
  });
}

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

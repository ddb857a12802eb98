import { WebhookError, checkKeys, isPlainObject } from '../envelope';
import { answerTooLarge, compileQuery, modelsReached, parseDomain, parseOrder, readSearchFields, renderRecords, searchRecords } from '../query';
import { readFlag, requireModel } from './common';
import type { OperationContext, Outcome, RouteParams } from './context';
import { SEARCH_PAYLOAD_KEYS } from './keys';
import { MAX_ANSWER_BYTES, MAX_READ_FACTOR } from './limits';

/**
 * `/api/search_data`: records matching a domain, in order, a page at a time, with the fields asked
 * for (relations expanded on request). Everything the caller sent is checked before anything is
 * read. Without `limit`, every match is returned up to `search_max_limit`; more is TOO_MANY.
 */
export async function searchData(params: RouteParams, ctx: OperationContext): Promise<Outcome> {
  const model = requireModel(ctx, params.model);
  const payload = readPayload(params.vals.payload);
  const projection = readSearchFields(model, payload.search_field, ctx.catalogue);
  const query = compileQuery(model, parseDomain(payload.search_domain), ctx.catalogue);
  const order = parseOrder(model, payload.order);
  // A key limited to some models reads no other through a path, an expansion or an order either.
  for (const name of modelsReached(query, projection, order)) requireModel(ctx, name);
  const max = ctx.params.searchMaxLimit;
  const limit = readLimit(payload.limit, max);
  const offset = readCount(payload.offset, 'offset') ?? 0;
  const count = readFlag(payload.count, 'count');

  const found = await searchRecords({ query, order, offset, limit: limit ?? max, count, maxRead: MAX_READ_FACTOR * max }, ctx);
  if (limit === null && found.more) {
    throw new WebhookError(
      'TOO_MANY',
      `More than ${max} records match (search_max_limit); page through them with 'limit' and 'offset'`,
      { max, ...(found.total !== undefined ? { total: found.total } : {}) },
    );
  }
  const result = await renderRecords(ctx, projection, found.records, MAX_ANSWER_BYTES);
  const bytes = Buffer.byteLength(JSON.stringify(result));
  if (bytes > MAX_ANSWER_BYTES) throw answerTooLarge('The answer', bytes, MAX_ANSWER_BYTES);
  const extra: Record<string, unknown> = {};
  if (found.more) extra.next_offset = offset + found.records.length;
  if (found.total !== undefined) extra.total = found.total;
  return { result, messages: 'Record search successfully', extra, resIds: [] };
}

function readPayload(raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (!isPlainObject(raw)) throw new WebhookError('INVALID_VALUE', "Parameter 'payload' in 'vals' must be an object", { path: 'payload' });
  checkKeys(raw, { where: 'payload', reader: 'search_data', accepted: SEARCH_PAYLOAD_KEYS });
  return raw;
}

/** `limit`: absent, null, false or 0 mean every match (as in Odoo), up to search_max_limit. */
function readLimit(raw: unknown, max: number): number | null {
  const limit = readCount(raw, 'limit');
  if (!limit) return null;
  if (limit > max) {
    throw new WebhookError('TOO_MANY', `'limit' ${limit} is above search_max_limit (${max}); page with 'limit' and 'offset'`, { path: 'limit', max });
  }
  return limit;
}

function readCount(raw: unknown, name: string): number | null {
  if (raw === undefined || raw === null || raw === false) return null;
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 0) {
    throw new WebhookError('INVALID_VALUE', `'${name}' must be a whole number of 0 or more`, { path: name });
  }
  return raw;
}

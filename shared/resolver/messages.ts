import type { Model, StoredScalar } from '../catalogue';
import { WebhookError, quote } from '../envelope';

/**
 * Failures worded as the original module words them, so that callers matching on text keep
 * working: `'partner_id': 'Nobody' found no match.` and `'Bob' matched more than 1 record`.
 */
export function unknownField(model: Model, name: string, path: string): WebhookError {
  return new WebhookError('UNKNOWN_FIELD', `Field '${name}' does not exist on model '${model.name}'`, {
    model: model.name,
    field: name,
    path,
  });
}

export function notIndexed(model: Model, name: string, path: string): WebhookError {
  if (model.building.includes(name)) return indexBuilding(model, name, path);
  const indexed = ['id', ...model.indexed];
  return new WebhookError(
    'NOT_INDEXED',
    `Field '${name}' of '${model.name}' is not indexed and cannot be used to find records; use one of: ${indexed.join(', ')}`,
    { model: model.name, field: name, path, indexed },
  );
}

/**
 * The catalogue indexes the field, but the records stored before it did have no entries yet: a
 * lookup through the index would miss them, so none is made.
 */
export function indexBuilding(model: Model, name: string, path: string): WebhookError {
  return new WebhookError(
    'INDEX_BUILDING',
    `The index of '${name}' on '${model.name}' is not built yet for the records stored before it was added; ` +
      'run `npm run catalogue -- migrate` (with --stage in AWS), then retry',
    { model: model.name, field: name, path },
  );
}

export function notFound(field: string, values: readonly StoredScalar[], details: Record<string, unknown>): WebhookError {
  return new WebhookError('NOT_FOUND', `'${field}': ${values.map((v) => quote(v)).join(', ')} found no match.`, {
    field,
    values,
    ...details,
  });
}

export function ambiguous(field: string, value: StoredScalar, ids: readonly number[], details: Record<string, unknown>): WebhookError {
  return new WebhookError('AMBIGUOUS', `'${field}': ${quote(value)} matched more than 1 record`, {
    field,
    value,
    count: ids.length,
    ...details,
  });
}

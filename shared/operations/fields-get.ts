import { WebhookError, isPlainObject } from '../envelope';
import { FIELD_ATTRIBUTES, describeFields } from '../describe/fields';
import { describeMethods } from '../describe/methods';
import { unknownField } from '../resolver/messages';
import type { OperationContext, Outcome } from './context';
import { requireModel } from './models';

type Caller = Pick<OperationContext, 'catalogue' | 'access'>;

const VALS_KEYS = ['allfields', 'attributes'];

/**
 * `/api/fields_get`: with `params.model`, its fields as Odoo's `fields_get` describes them (keyed
 * by name; `vals.allfields` and `vals.attributes` narrow them as Odoo's arguments do) and, beside
 * them, its callable methods with the JSON Schema of their parameters; without a model, the models
 * the caller may use. Reads nothing but the catalogue.
 */
export function fieldsGet(params: Record<string, unknown>, ctx: Caller): Outcome {
  if (params.model === undefined || params.model === null) {
    const models = [...ctx.catalogue.models.values()].filter((m) => ctx.access.mayUseModel(m.name));
    return { result: models.map((m) => ({ model: m.name, name: m.description })), messages: 'Models listed successfully', resIds: [] };
  }
  if (typeof params.model !== 'string') throw new WebhookError('INVALID_REQUEST', "'model' in 'params' must be a string");
  const model = requireModel(ctx, params.model);
  const vals = readVals(params.vals);
  const allfields = readNames(vals.allfields, 'allfields');
  const unknown = allfields?.find((name) => !Object.hasOwn(model.fields, name));
  if (unknown !== undefined) throw unknownField(model, unknown, `allfields.${unknown}`);
  const attributes = readNames(vals.attributes, 'attributes');
  const wrong = attributes?.find((name) => !(FIELD_ATTRIBUTES as readonly string[]).includes(name));
  if (wrong !== undefined) {
    throw new WebhookError('INVALID_VALUE', `'${wrong}' is not an attribute fields_get describes; it describes ${FIELD_ATTRIBUTES.join(', ')}`, {
      path: `attributes.${wrong}`,
    });
  }
  return {
    result: describeFields(model, { allfields, attributes }),
    messages: `Fields of '${model.name}' described successfully`,
    extra: { methods: describeMethods(model) },
    resIds: [],
  };
}

function readVals(raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (!isPlainObject(raw)) throw new WebhookError('INVALID_REQUEST', "'vals' must be an object");
  const unknown = Object.keys(raw).find((k) => !VALS_KEYS.includes(k));
  if (unknown) {
    throw new WebhookError('INVALID_VALUE', `Unknown key '${unknown}' in 'vals'; fields_get reads ${VALS_KEYS.join(', ')}`, { path: unknown });
  }
  return raw;
}

/** An optional list of names. */
function readNames(raw: unknown, key: string): string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw) || !raw.every((x) => typeof x === 'string')) {
    throw new WebhookError('INVALID_VALUE', `'${key}' must be a list of names`, { path: key });
  }
  return raw;
}

import type { MethodDef, Model } from '../catalogue';
import { Refusal, Unsuccessful } from '../catalogue/methods';
import { toDatetime } from '../catalogue/values';
import { WebhookError, checkKeys, isPlainObject } from '../envelope';
import { WritePlan, type RecordState } from '../plan';
import { readSearchFields } from '../query';
import { FIELD_NUMBERS, findOddNumber } from '../resolver';
import { checkPlan, sequenceCounter } from '../store';
import { requireModel, withRetries } from './common';
import type { OperationContext, Outcome, RouteParams } from './context';
import { countersFor } from './counters';
import { dryRunOutcome } from './dry-run';
import { describeIssues } from './issues';
import { CALL_PAYLOAD_KEYS } from './keys';
import { renderResult } from './results';
import { writePlan } from './rounds';
import { findRecords, readSearchKey } from './search-key';


/** A call as read from `vals.payload`: `{"method", "parameter"?, "context"?}`. */
interface CallRequest {
  name: string;
  def: MethodDef<unknown>;
  parameters: unknown;
  context: Record<string, unknown>;
}

/**
 * `/api/call_function`: runs a method registered for the model on the record(s) the search_key
 * selects. The method writes through a write plan; what it wrote is committed, or discarded by
 * the rollback switches: `rollback_except` when it raises, `rollback_state_failed` when it returns
 * an unsuccessful outcome. A dry run runs the method (its checks, its failures) on a plan that is
 * checked and counted, never committed; its sequence numbers are peeked, not taken.
 */
export async function callFunction(params: RouteParams, ctx: OperationContext): Promise<Outcome> {
  const model = requireModel(ctx, params.model);
  const searchKey = readSearchKey(model, params.vals.search_key, ctx.catalogue);
  const call = readCall(model, params.vals.payload);

  return withRetries(ctx, async () => {
    const records = await findRecords(ctx, model, searchKey, call.def.multi, `method '${call.name}' takes one record`);
    const plan = new WritePlan(ctx.catalogue, toDatetime(ctx.now));
    const counters = countersFor(ctx);
    let value: unknown;
    let raised: unknown = null;
    try {
      value = await call.def.run({
        records,
        params: call.parameters,
        context: call.context,
        now: ctx.now,
        write: (record, values) => plan.update(model, record, values, { checkVersion: true }),
        nextNumber: (sequence, company, period) => counters.take(sequenceCounter(sequence, company, period), 1),
      });
    } catch (error) {
      raised = error;
    }
    const unsuccessful = value instanceof Unsuccessful;
    // A dry run keeps nothing; a real call keeps what the rollback switches let stay.
    const keep = !ctx.dryRun && (raised !== null ? !ctx.params.rollbackExcept : unsuccessful ? !ctx.params.rollbackStateFailed : true);
    if (keep && plan.size > 0) await writePlan(ctx, plan, [], { atomic: ctx.params.rollbackExcept });
    if (raised instanceof Refusal) throw new WebhookError('METHOD_FAILED', raised.message, raised.details);
    if (raised !== null) throw raised;
    if (value instanceof Unsuccessful) {
      throw new WebhookError('METHOD_FAILED', value.message, { ...value.details, method: call.name, committed: keep && plan.size > 0 });
    }
    if (ctx.dryRun) {
      await checkPlan(plan);
      return dryRunOutcome({ plan, method: { name: call.name, result: await renderReturn(ctx, value) } });
    }
    return {
      result: await renderReturn(ctx, value),
      messages: `Function '${call.name}' called successfully`,
      resIds: records.map((r) => r.id),
    };
  });
}

function readCall(model: Model, payload: unknown): CallRequest {
  if (!isPlainObject(payload)) {
    throw new WebhookError('INVALID_VALUE', "Parameter 'payload' in 'vals' must be an object with 'method'", { path: 'payload' });
  }
  checkKeys(payload, { where: 'payload', reader: 'call_function', accepted: CALL_PAYLOAD_KEYS });
  const name = payload.method;
  if (typeof name !== 'string' || name === '') {
    throw new WebhookError('INVALID_VALUE', "Parameter 'method' in 'payload' not found!", { path: 'payload.method' });
  }
  const refuse = (reason: string, message: string) => new WebhookError('METHOD_NOT_FOUND', message, { model: model.name, method: name, reason });
  if (name.startsWith('_')) throw refuse('private', `Method '${name}' is private and cannot be called`);
  if (Object.hasOwn(model.fields, name)) throw refuse('field', `'${name}' is a field of '${model.name}', not a method`);
  if (!Object.hasOwn(model.methods, name)) {
    const known = Object.keys(model.methods);
    throw refuse('unregistered', `Method '${name}' does not exist on '${model.name}'${known.length ? `; callable: ${known.join(', ')}` : ''}`);
  }
  const def = model.methods[name]!;
  const rawParameters = payload.parameter ?? {};
  if (!isPlainObject(rawParameters)) {
    throw new WebhookError('INVALID_PARAMETER', `'parameter' of '${name}' must be an object of named parameters`, { method: name });
  }
  const parsed = def.parameters.safeParse(rawParameters);
  if (!parsed.success) {
    throw new WebhookError('INVALID_PARAMETER', `Invalid parameter for '${name}': ${describeIssues(parsed.error.issues, rawParameters)}`, { method: name });
  }
  const odd = findOddNumber(parsed.data);
  if (odd) {
    const at = odd.path.length > 0 ? `'${odd.path.join('.')}'` : 'the value';
    throw new WebhookError('INVALID_PARAMETER', `Invalid parameter for '${name}': ${at} must be ${FIELD_NUMBERS} (got ${odd.value})`, {
      method: name,
      path: ['parameter', ...odd.path].join('.'),
    });
  }
  const context = payload.context ?? {};
  if (!isPlainObject(context)) throw new WebhookError('INVALID_VALUE', "'context' must be an object", { path: 'payload.context' });
  return { name, def, parameters: parsed.data, context };
}

/** A method's return value as JSON: dates as Odoo text, records as search_data renders them. */
export async function renderReturn(ctx: OperationContext, value: unknown): Promise<unknown> {
  if (value === undefined) return null;
  if (value instanceof Date) return toDatetime(value);
  if (isRecordState(value)) return (await renderRecords(ctx, [value]))[0];
  if (Array.isArray(value)) {
    // A list of records of one model is rendered in one round, like search_data's rows.
    const first: unknown = value[0];
    if (isRecordState(first) && value.every((v) => isRecordState(v) && v.model === first.model)) return renderRecords(ctx, value as RecordState[]);
    return Promise.all(value.map((v) => renderReturn(ctx, v)));
  }
  if (isPlainObject(value)) {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await renderReturn(ctx, v)] as const));
    return Object.fromEntries(entries);
  }
  return value;
}

function renderRecords(ctx: OperationContext, records: readonly RecordState[]): Promise<Record<string, unknown>[]> {
  const model = ctx.catalogue.get(records[0]!.model)!;
  return renderResult(ctx, readSearchFields(model, null, ctx.catalogue), records);
}

const isRecordState = (v: unknown): v is RecordState =>
  isPlainObject(v) && typeof v.model === 'string' && typeof v.id === 'number' && isPlainObject(v.values) && typeof v.version === 'number';

/** Small helpers over TestApi for the webhook routes' handled outcomes. */
import assert from 'node:assert/strict';
import type { CallOptions, RpcAnswer, TestApi } from './api';

export type Vals = Record<string, unknown>;

/** Sends `{model, vals}` to a webhook route (`create_data`, ...) and returns the answer as it came. */
export function send(api: TestApi, route: string, model: string, vals: Vals, options?: CallOptions): Promise<RpcAnswer> {
  return api.call(`/api/${route}`, { model, vals }, options);
}

/** Sends create_data (`vals` holds the payload and any options) and returns the answer as it came. */
export function createData(api: TestApi, model: string, vals: Vals, options?: CallOptions): Promise<RpcAnswer> {
  return send(api, 'create_data', model, vals, options);
}

/** Calls a route and returns the handled outcome object (`result` of the JSON-RPC answer). */
export async function outcome(api: TestApi, route: string, model: string, vals: Vals, key?: string): Promise<any> {
  const res = await send(api, route, model, vals, key ? { key } : {});
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.result;
}

/** Calls a route that must succeed and returns its `result.result`. */
export async function ok(api: TestApi, route: string, model: string, vals: Vals, key?: string): Promise<any> {
  const out = await outcome(api, route, model, vals, key);
  assert.equal(out.is_success, true, JSON.stringify(out));
  return out.result;
}

/** Creates a record and returns its id. */
export async function createRecord(api: TestApi, model: string, payload: Vals, key?: string): Promise<number> {
  return (await ok(api, 'create_data', model, { payload }, key)).id as number;
}

/** Asserts a handled failure with its code, (part of) its message and the request id that finds it in the logs. */
export function assertFailure(answer: RpcAnswer | any, code: string, phrase?: string | RegExp): void {
  if ('status' in answer && 'body' in answer) assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const out = 'status' in answer && 'body' in answer ? answer.body.result : answer;
  assert.equal(out.is_success, false, JSON.stringify(out));
  assert.equal(out.error.code, code, JSON.stringify(out));
  if (typeof phrase === 'string') assert.ok(out.messages.includes(phrase), out.messages);
  else if (phrase) assert.match(out.messages, phrase);
  assert.equal(out.messages, out.error.message, 'the message is the error message');
  assert.equal(typeof out.request_id, 'string', 'a failure names its request');
}

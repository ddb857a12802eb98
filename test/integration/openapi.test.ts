import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { ROUTES, methodOf } from '../../lambdas/routes';
import { catalogue } from '../../shared/catalogue';
import { EXAMPLES } from '../../shared/describe/examples';
import { ERROR_CODES, type ErrorCode } from '../../shared/envelope';
import { useTestApi, type RpcAnswer } from '../support/api';
import { createUser } from '../support/auth';
import { documentOf, requestPointer, responsePointer, schemaAt, type Doc } from '../support/openapi';

let served: Response;
let doc: Doc;
const api = useTestApi(async () => {
  served = await fetch(`${api.url}/api/openapi.json`);
  doc = (await served.json()) as Doc;
});

/** The document's operation of a route. */
const operation = (path: string) => {
  const route = ROUTES.find((r) => r.path === path)!;
  return { method: methodOf(route).toLowerCase(), op: doc.paths[path][methodOf(route).toLowerCase()] };
};

/** Checks an answer against the document's schema of its route and status. */
function assertDocumented(path: string, res: RpcAnswer): void {
  const { method } = operation(path);
  const validate = schemaAt(doc)(responsePointer(path, method, res.status));
  assert.ok(validate(res.body), `${path} ${res.status}: ${JSON.stringify(validate.errors?.slice(0, 3))}\n${JSON.stringify(res.body).slice(0, 500)}`);
}

describe('the OpenAPI document', () => {
  test('GET /api/openapi.json answers, without credentials, a document that a real OpenAPI 3.1 validator accepts', async () => {
    assert.equal(served.status, 200);
    assert.match(served.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(doc.openapi, '3.1.0');
    const result = await new Validator().validate(doc);
    assert.deepEqual(result, { valid: true });
    assert.deepEqual(doc, documentOf(), 'the served document is the generated one; served at the root, it names no server');
  });

  test('every route, every model of the catalogue and every error code with its HTTP status are in it', () => {
    for (const route of ROUTES) assert.ok(operation(route.path).op, `${methodOf(route)} ${route.path}`);
    const schemas = doc.components.schemas;
    for (const model of catalogue.models.values()) {
      for (const kind of ['Create', 'Write', 'Lookup', 'SearchKey', 'ResultField']) assert.ok(schemas[`${kind}.${model.name}`], `${kind}.${model.name}`);
      assert.ok(schemas[`Create.${model.name}`].properties, model.name);
      for (const method of Object.keys(model.methods)) assert.ok(schemas[`Parameters.${model.name}.${method}`], `${model.name}.${method}`);
    }
    const documented = new Map(schemas.ErrorCode.oneOf.map((c: { const: ErrorCode; 'x-http-status': number }) => [c.const, c['x-http-status']]));
    assert.deepEqual(documented, new Map((Object.keys(ERROR_CODES) as ErrorCode[]).map((c) => [c, ERROR_CODES[c].status])));
    // Each protocol failure a route may answer is a response of that status naming its code.
    const { op } = operation('/api/create_data');
    const answered = {
      400: ['PARSE_ERROR', 'INVALID_REQUEST', 'NESTING_TOO_DEEP', 'INVALID_IDEMPOTENCY_KEY'],
      401: ['UNAUTHENTICATED'],
      403: ['ROUTE_FORBIDDEN'],
      409: ['IDEMPOTENCY_IN_PROGRESS', 'IDEMPOTENCY_ANSWER_LOST'],
      413: ['BODY_TOO_LARGE'],
      422: ['IDEMPOTENCY_KEY_REUSED'],
      503: ['UNAVAILABLE', 'MODEL_MOVING'],
    };
    for (const [status, codes] of Object.entries(answered)) {
      assert.deepEqual(op.responses[status].content['application/json'].schema.properties.error.properties.data.properties.code.enum, codes, status);
    }
    // The write routes take an Idempotency-Key; search_data does not answer its codes.
    assert.deepEqual(op.parameters.map((p: { name: string; in: string }) => `${p.in} ${p.name}`), ['header Idempotency-Key']);
    const search = operation('/api/search_data').op;
    assert.equal(search.parameters, undefined);
    assert.equal(search.responses[422], undefined);
    assert.deepEqual(search.responses[503].content['application/json'].schema.properties.error.properties.data.properties.code.enum, ['UNAVAILABLE'], 'a read is never refused for a move');
    assert.ok(op.responses[503].headers['Retry-After'], 'MODEL_MOVING says when to come back');
  });

  test('the payload schemas carry the relational formats and the required fields', () => {
    const { schemas } = doc.components;
    assert.deepEqual(schemas['Create.sale.order.line'].required, ['order_id', 'product_id']);
    assert.deepEqual(schemas['Line.sale.order.order_line'].required, ['product_id'], "a line's parent fills in order_id");
    assert.equal(schemas['Line.sale.order.order_line'].properties.order_id, undefined);
    const valid = schemaAt(doc);
    const order = valid('/components/schemas/Create.sale.order');
    assert.equal(order({ partner_id: { ref: 'C001' }, order_line: { mode: 'add', records: [{ product_id: { default_code: 'DESK' } }] } }), true);
    assert.equal(order({ partner_id: 7, order_line: [{ product_id: { id: 3 }, product_uom_qty: 2 }] }), true);
    for (const wrong of [
      {},
      { partner_id: { name: 'not indexed on res.partner? it is', ref: 'two keys' } },
      { partner_id: { phone: '555' } },
      { partner_id: 1, order_line: { mode: 'merge', records: [] } },
      { partner_id: 1, amount_total: 5 },
      { partner_id: 1, nope: 1 },
    ]) {
      assert.equal(order(wrong), false, JSON.stringify(wrong));
    }
  });

  test('only the document answers GET: another method on it is 405, and so is GET on the other routes', async () => {
    const post = await api.post('/api/openapi.json', '{}');
    assert.deepEqual([post.status, post.body.error.data.code], [405, 'METHOD_NOT_ALLOWED']);
    for (const route of ROUTES.filter((r) => methodOf(r) === 'POST')) {
      const res = await fetch(`${api.url}${route.path}`);
      assert.equal(res.status, 405, route.path);
      assert.equal(((await res.json()) as { error: { data: { code: string } } }).error.data.code, 'METHOD_NOT_ALLOWED');
    }
  });
});

describe('the examples of the document', () => {
  test('every route has one, and each runs as written on an empty stack, answers as its example says, and matches the document', async () => {
    for (const route of ROUTES) assert.ok(EXAMPLES.some((e) => e.route === route.handler), route.handler);
    await createUser('shop', 'correct horse battery staple', { companyId: 1 });
    const valid = schemaAt(doc);
    for (const example of EXAMPLES.filter((e) => e.params)) {
      const route = ROUTES.find((r) => r.handler === example.route)!;
      const request = { jsonrpc: '2.0', method: 'call', id: 1, params: example.params };
      const requestValid = valid(requestPointer(route.path, 'post'));
      assert.ok(requestValid(request), `${example.route}/${example.name}: ${JSON.stringify(requestValid.errors?.slice(0, 3))}`);
      const res = route.authorized ? await api.call(route.path, example.params) : await api.post(route.path, JSON.stringify(request));
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assertDocumented(route.path, res);
      const answer = res.body.result;
      if (route.handler !== 'authenticate') assert.equal(answer.is_success, true, `${example.route}/${example.name}: ${JSON.stringify(answer)}`);
      assert.deepEqual(pick(answer, example.result), example.result, `${example.route}/${example.name}`);
      assertDocumented(route.path, { ...res, body: { jsonrpc: '2.0', id: 1, result: example.result } });
    }
  });
});

describe('answers match the document', () => {
  test('handled failures and protocol failures alike', async () => {
    assertDocumented('/api/update_data', await api.call('/api/update_data', { model: 'res.partner', vals: { search_key: { ref: 'NONE' }, payload: {} } }));
    assertDocumented('/api/create_data', await api.call('/api/create_data', { model: 'res.partner', vals: { payload: {} } }, { key: null }));
    assertDocumented('/api/search_data', await api.post('/api/search_data', '{"params":', { authorization: `Bearer ${api.key}` }));
    assertDocumented('/api/fields_get', await api.call('/api/fields_get', {}));
    assertDocumented('/api/fields_get', await api.call('/api/fields_get', { model: 'sale.order' }));
  });
});

describe('npm run openapi', () => {
  test('writes the document to a file, with the servers it is given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
    try {
      const file = join(dir, 'api.json');
      const root = join(import.meta.dirname, '..', '..');
      await promisify(execFile)(process.execPath, ['--import', 'tsx', 'cli/openapi.ts', file, '--server', 'https://example.com/prod'], { cwd: root });
      const written = JSON.parse(readFileSync(file, 'utf8')) as Doc;
      assert.deepEqual(written, { ...documentOf(), servers: [{ url: 'https://example.com/prod' }] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The parts of `actual` that `expected` names (ids and timestamps differ from run to run elsewhere). */
function pick(actual: unknown, expected: unknown): unknown {
  if (Array.isArray(expected) && Array.isArray(actual)) return actual.slice(0, expected.length).map((a, i) => pick(a, expected[i]));
  if (expected && typeof expected === 'object' && actual && typeof actual === 'object' && !Array.isArray(actual)) {
    return Object.fromEntries(Object.keys(expected).filter((k) => k in actual).map((k) => [k, pick((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k])]));
  }
  return actual;
}

/**
 * The document's schemas against the code that checks requests: what the API accepts, its schema
 * accepts (a client validating with the document never refuses a good request), and for payloads
 * exactly that, so the two cannot drift apart unnoticed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildCatalogue, catalogue, demoModels, type FieldDef, type Model } from '../../shared/catalogue';
import { char } from '../../shared/catalogue/fields';
import { WebhookError } from '../../shared/envelope';
import { withServer } from '../../shared/describe/served';
import { readPayload } from '../../shared/resolver';
import { convertScalar, scalarSchema } from '../../shared/resolver/convert';
import { compile, documentOf, schemaAt } from '../support/openapi';

const runs = Number(process.env.FC_RUNS ?? 300);

/** Whether the code accepts a value (a WebhookError is a refusal; anything else is a bug). */
function accepts(check: () => unknown): boolean {
  try {
    check();
    return true;
  } catch (e) {
    if (e instanceof WebhookError) return false;
    throw e;
  }
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const someDate = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T23:59:59Z'), noInvalidDate: true });
const junk = fc.oneof(fc.constant(null), fc.constant(false), fc.string({ maxLength: 6 }), fc.integer(), fc.double(), fc.boolean(), fc.constant({}), fc.constant([1]));

/** Values of a scalar field: mostly of its type, near misses, and junk. */
function scalarValue(field: FieldDef): fc.Arbitrary<unknown> {
  const typed: Record<string, fc.Arbitrary<unknown>> = {
    char: fc.string({ maxLength: 12 }),
    text: fc.string({ maxLength: 12 }),
    integer: fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constantFrom(2 ** 53, -(2 ** 53), 1.5)),
    float: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 1e-15, 9e-16, 1e15, 1e15 + 2, -1e15, -1e-15, 99.5)),
    boolean: fc.boolean(),
    date: fc.oneof(
      someDate.map((d) => d.toISOString().slice(0, 10)),
      fc.tuple(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${y}-${pad(m, 2)}-${pad(d, 2)}`),
    ),
    datetime: fc.oneof(
      someDate.map((d) => d.toISOString().slice(0, 19).replace('T', ' ')),
      someDate.map((d) => d.toISOString()),
      someDate.map((d) => `${d.toISOString().slice(0, 16)}+07:00`),
      fc.constantFrom('2026-03-05', '2026-03-05T10', 'yesterday'),
    ),
    selection: field.type === 'selection' ? fc.oneof(fc.constantFrom(...field.selection.map(([k]) => k)), fc.string({ maxLength: 4 })) : fc.string(),
  };
  return fc.oneof({ weight: 4, arbitrary: typed[field.type]! }, { weight: 1, arbitrary: junk });
}

const scalarFields = [...catalogue.models.values()].flatMap((m) =>
  Object.entries(m.fields)
    .filter(([, f]) => !['many2one', 'one2many', 'many2many', 'binary'].includes(f.type))
    .map(([name, f]) => ({ model: m, name, field: f })),
);

test('every value the API accepts for a scalar field, its schema accepts; for text, numbers, booleans and selections, exactly those', () => {
  const exact = new Set(['char', 'text', 'integer', 'float', 'boolean', 'selection']);
  for (const { model, name, field } of scalarFields) {
    const valid = compile(scalarSchema(field, model.indexed.includes(name)));
    fc.assert(
      fc.property(scalarValue(field), (value) => {
        if (value === null || value === false) return; // clearing: the payload's schema says where it is allowed
        const api = accepts(() => convertScalar(field, name, value, name));
        const schema = valid(value);
        if (api) assert.ok(schema, `${model.name}.${name}: the API takes ${JSON.stringify(value)}, the schema refuses it`);
        if (exact.has(field.type)) assert.equal(schema, api, `${model.name}.${name}: ${JSON.stringify(value)}`);
      }),
      { numRuns: 100 },
    );
  }
});

/** Values of a field that the API should take (a few still miss), and values it should not. */
interface Values {
  good: fc.Arbitrary<unknown>;
  bad: fc.Arbitrary<unknown>;
}

const goodScalar = (field: FieldDef): fc.Arbitrary<unknown> =>
  field.type === 'float'
    ? fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(0))
    : field.type === 'integer'
      ? fc.integer()
      : field.type === 'date'
        ? someDate.map((d) => d.toISOString().slice(0, 10))
        : scalarValue(field).filter((v) => v !== null && v !== false && accepts(() => convertScalar(field, 'f', v, 'f')));

/** A lookup of a record of `target`: an id, `{"id": n}` or `{"<indexed field>": value}`. */
function lookup(target: Model): Values {
  const byField = fc.constantFrom(...target.indexed).chain((f) => {
    const field = target.fields[f]!;
    return (field.type === 'many2one' ? fc.integer({ min: -1, max: 9 }) : goodScalar(field)).map((v) => ({ [f]: v }));
  });
  return {
    good: fc.oneof(byField, fc.integer({ min: 1, max: 9 }), fc.record({ id: fc.integer({ min: 1, max: 9 }) })),
    bad: fc.constantFrom<unknown>(0, -1, { id: 0 }, {}, { id: 1, ref: 'x' }, { phone: '1' }, { ref: '' }, 'text', 1.5, [1]),
  };
}

/** `[...]` or `{"mode", "records"}` of items, and values that are neither. */
function modeList(item: Values): Values {
  const records = fc.array(item.good, { maxLength: 2 });
  return {
    good: fc.oneof(records, fc.record({ mode: fc.constantFrom<unknown>('add', 'replace', null), records: fc.oneof(records, fc.constant(null)) }, { requiredKeys: [] }), fc.constantFrom(null, false)),
    bad: fc.oneof(
      fc.constantFrom<unknown>('x', { records: [], limit: 1 }, { mode: 'merge', records: [] }, { records: 'x' }, [null]),
      item.bad.map((b) => [b]),
    ),
  };
}

const attachments: Values = {
  good: fc.oneof(
    fc.array(fc.record({ name: fc.constantFrom('a.pdf', 'b'), datas: fc.constantFrom('QUJD', 'QQ==', ' Q Q = = ', ''.padEnd(0)), mimetype: fc.constantFrom<unknown>('text/plain', null) }, { requiredKeys: ['name', 'datas'] }), { maxLength: 2 }),
    fc.constantFrom(null, false),
  ),
  bad: fc.constantFrom<unknown>('x', [{}], [{ name: ' ', datas: 'QQ==' }], [{ name: 'a', datas: '!!' }], [{ name: 'a', datas: 'QQ=' }], [{ name: 'a', datas: 'QQ==', size: 1 }], [{ name: 'a', datas: 'QQ==', mimetype: 5 }]),
};

function values(model: Model, f: FieldDef, depth: number): Values {
  if (f.type === 'many2one') {
    const l = lookup(catalogue.get(f.comodel)!);
    return { good: f.required ? l.good : fc.oneof(l.good, fc.constantFrom(null, false)), bad: l.bad };
  }
  if (f.type === 'many2many') return modeList(lookup(catalogue.get(f.comodel)!));
  // Lines one level down, without lines of their own.
  if (f.type === 'one2many') return depth > 0 ? { good: fc.constant([]), bad: fc.constant('x') } : modeList(line(catalogue.get(f.comodel)!, f.inverse));
  const good = goodScalar(f);
  const bad = scalarValue(f).filter((v) => !accepts(() => convertScalar(f, 'f', v, 'f')));
  return { good: f.required ? good : fc.oneof({ weight: 4, arbitrary: good }, { weight: 1, arbitrary: fc.constantFrom(null, false) }), bad };
}

/**
 * A payload of a record of `model`: some of its writable fields with good values, then, half the
 * time, one thing wrong: a bad value, or a key it may not have (readonly, binary, unknown, the
 * field a line's parent fills in).
 */
function payload(model: Model, inverse: string | null, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const all: Record<string, Values> = { attachment_ids: attachments };
  for (const [name, f] of Object.entries(model.fields)) if (f.type !== 'binary' && !f.readonly && name !== inverse) all[name] = values(model, f, depth);
  const refused = [...Object.keys(model.fields).filter((n) => !(n in all)), 'nope'];
  const fields = Object.keys(all);
  return fc.subarray(fields).chain((chosen) =>
    fc
      .tuple(
        fc.record(Object.fromEntries(chosen.map((n) => [n, all[n]!.good]))),
        fc.oneof(
          fc.constant(null),
          fc.constantFrom(...fields).chain((n) => all[n]!.bad.map((v) => [n, v] as const)),
          fc.constantFrom(...refused).map((n) => [n, 1] as const),
        ),
      )
      .map(([p, wrong]) => (wrong ? { ...p, [wrong[0]]: wrong[1] } : p)),
  );
}

const line = (model: Model, inverse: string): Values => ({
  good: payload(model, inverse, 1),
  bad: fc.constantFrom<unknown>(null, 'x', { nope: 1 }, { [inverse]: 1 }),
});

const valid = schemaAt(documentOf());

for (const model of catalogue.models.values()) {
  test(`${model.name}: a payload is accepted by the API exactly when its schema accepts it (create and update)`, () => {
    const create = valid(`/components/schemas/Create.${model.name}`);
    const write = valid(`/components/schemas/Write.${model.name}`);
    let taken = 0;
    fc.assert(
      fc.property(payload(model, null, 0), (p) => {
        for (const [mode, schema] of [['create', create], ['update', write]] as const) {
          const api = accepts(() => readPayload(model, p, { catalogue, mode }));
          if (api) taken++;
          assert.equal(schema(p), api, `${mode} ${JSON.stringify(p)}: the API ${api ? 'accepts' : 'refuses'} it; ${JSON.stringify(schema.errors?.slice(0, 2))}`);
        }
      }),
      { numRuns: runs },
    );
    // Both outcomes are common, so that the property says something about each: one check in
    // twenty at least (between one in eight and one in four are accepted, by model). Fewer runs
    // (FC_RUNS, as mutation testing sets) are too few for that bound: they ask one of each.
    const least = runs >= 300 ? (2 * runs) / 20 : 1;
    assert.ok(taken >= least && 2 * runs - taken >= least, `${taken} of ${2 * runs} accepted`);
  });
}

test('changing the catalogue changes the document', () => {
  const lead: import('../../shared/catalogue').ModelSpec = { name: 'crm.lead', description: 'Leads', fields: { name: char({ required: true, index: true }) } };
  const doc = documentOf(buildCatalogue([...demoModels, lead]));
  assert.deepEqual(doc.components.schemas['Create.crm.lead'].required, ['name']);
  assert.ok(doc.paths['/api/create_data'].post.requestBody.content['application/json'].schema.properties.params.oneOf.some((v: any) => v.properties.model.const === 'crm.lead'));
  assert.equal(documentOf().components.schemas['Create.crm.lead'], undefined);
});

test('the document served under a stage names the stage as its server; at a host\'s root, no server', () => {
  const text = JSON.stringify({ openapi: '3.1.0', paths: {} });
  const event = (path: string) => ({ resource: '/api/openapi.json', requestContext: { path } as never });
  assert.deepEqual(JSON.parse(withServer(text, event('/prod/api/openapi.json'))), { servers: [{ url: '/prod' }], openapi: '3.1.0', paths: {} });
  assert.equal(withServer(text, event('/api/openapi.json')), text);
});

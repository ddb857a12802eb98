/**
 * Random request bodies built from the catalogue, valid and invalid alike: fields of the model
 * with values of their type or of any other, lookups by indexed, unindexed and unknown fields,
 * x2many values of every shape, nested lines, attachments, search keys, result fields.
 */
import fc from 'fast-check';
import { catalogue, type FieldDef, type Model } from '../../shared/catalogue';
import { valsKeys } from '../../shared/operations/keys';
import { OPERATORS } from '../../shared/query';

/** Values the seeded data of a fuzz run holds, so that some lookups find something. */
export interface Seeds {
  refs: string[];
  codes: string[];
  tags: string[];
  ids: number[];
}

const anyJson = fc.jsonValue({ maxDepth: 2 });

/** Numbers no field holds and DynamoDB cannot store (past 2^53, 1e300, the smallest double), and near misses. */
export const ODD_NUMBERS = [2 ** 53, 1e300, -1e300, 5e-324, 1e16, 1e-200, -(2 ** 53)];

/** Values of the field's type that the API accepts. */
function validScalar(field: FieldDef): fc.Arbitrary<unknown> {
  switch (field.type) {
    case 'date':
      return fc.constantFrom('2026-01-31', '2024-02-29', null);
    case 'datetime':
      return fc.constantFrom('2026-01-31 10:00:00', '2026-01-31T10:00:00+07:00');
    case 'selection':
      return fc.constantFrom(...field.selection.map(([k]) => k));
    case 'float':
      return fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100);
    case 'integer':
      return fc.integer({ min: 0, max: 1000 });
    default:
      return scalar(field);
  }
}

function scalar(field: FieldDef): fc.Arbitrary<unknown> {
  switch (field.type) {
    case 'char':
    case 'text':
      return fc.string({ maxLength: 12 });
    case 'integer':
      return fc.oneof({ weight: 9, arbitrary: fc.integer({ min: -5, max: 1000 }) }, fc.constantFrom(...ODD_NUMBERS));
    case 'float':
      return fc.oneof({ weight: 9, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }) }, fc.constantFrom(...ODD_NUMBERS));
    case 'boolean':
      return fc.boolean();
    case 'date':
      return fc.oneof(fc.constantFrom('2026-01-31', '2024-02-29', '2023-02-29', '31/01/2026'), fc.string({ maxLength: 10 }));
    case 'datetime':
      return fc.constantFrom('2026-01-31 10:00:00', '2026-01-31T10:00:00+07:00', '2026-13-01 00:00:00', 'now');
    case 'selection':
      return fc.oneof(fc.constantFrom(...field.selection.map(([k]) => k)), fc.string({ maxLength: 6 }));
    default:
      return anyJson;
  }
}

function lookup(model: Model, seeds: Seeds, strict: boolean): fc.Arbitrary<unknown> {
  const fields = Object.keys(model.fields);
  if (strict) {
    return fc.oneof(
      fc.constantFrom(...seeds.ids),
      fc.record({ id: fc.constantFrom(...seeds.ids) }),
      fc.record({ ref: fc.constantFrom(...seeds.refs) }),
      fc.record({ default_code: fc.constantFrom(...seeds.codes) }),
      fc.record({ name: fc.constantFrom(...seeds.tags) }),
    );
  }
  return fc.oneof(
    fc.constantFrom(...seeds.ids),
    fc.record({ id: fc.oneof(fc.constantFrom(...seeds.ids), fc.integer({ min: -1, max: 10_000 })) }),
    fc.record({ ref: fc.constantFrom(...seeds.refs, 'missing') }),
    fc.record({ default_code: fc.constantFrom(...seeds.codes, 'missing') }),
    fc.record({ name: fc.constantFrom(...seeds.tags, 'missing') }),
    fc.dictionary(fc.constantFrom(...fields, 'nope'), anyJson, { maxKeys: 2 }),
    fc.constantFrom(null, false, 'C001', [], {}),
  );
}

function relational(field: FieldDef, depth: number, seeds: Seeds, strict: boolean): fc.Arbitrary<unknown> {
  const modes = strict ? fc.constantFrom('add', 'replace') : fc.constantFrom('add', 'replace', 'merge');
  if (field.type === 'many2one') return lookup(catalogue.get(field.comodel)!, seeds, strict);
  if (field.type === 'many2many') {
    const refs = fc.array(lookup(catalogue.get(field.comodel)!, seeds, strict), { maxLength: 3 });
    const shapes = [refs, fc.record({ mode: modes, records: refs })];
    return strict ? fc.oneof(...shapes) : fc.oneof(...shapes, anyJson);
  }
  if (field.type === 'one2many') {
    if (depth >= 2) return fc.constantFrom([], null);
    const comodel = catalogue.get(field.comodel)!;
    const lines = fc.array(payload(comodel, depth + 1, seeds, field.inverse, strict), { maxLength: 3 });
    const shapes = [lines, fc.record({ mode: modes, records: lines })];
    return strict ? fc.oneof(...shapes) : fc.oneof(...shapes, anyJson);
  }
  return scalar(field);
}

/** A valid file of 3.6 MB (4.8 MB of base64): files up to the body limit must upload. */
export const BIG_FILE = Buffer.alloc(3_600_000, 0x41).toString('base64');
/** Mimetypes S3 cannot carry as a header, and names longer than the name's index holds. */
export const ODD_MIMETYPES = ['application/pdf\r\nX-Injected: 1', 'text/plain\u0000', 'applicatión/pdf', `text/${'x'.repeat(300)}`];
export const LONG_NAMES = ['n'.repeat(1001), 'n'.repeat(5000), 'é'.repeat(501)];

const attachment = fc.oneof(
  { weight: 4, arbitrary: fc.record({ name: fc.constantFrom('a.pdf', 'b', ''), datas: fc.constantFrom('aGVsbG8=', 'not base64', '', 'QUJD=') }) },
  fc.record({ datas: fc.constant('aGk=') }),
  fc.record({ name: fc.constantFrom('a.txt', ...LONG_NAMES), datas: fc.constant('aGVsbG8='), mimetype: fc.constantFrom('text/plain', ...ODD_MIMETYPES) }),
  fc.record({ name: fc.constant('big.bin'), datas: fc.constant(BIG_FILE) }),
  anyJson,
);
/** Attachments a strict payload sends: valid ones. */
const validAttachment = fc.record({ name: fc.constantFrom('a.pdf', 'notes.txt'), datas: fc.constant('aGVsbG8='), mimetype: fc.constantFrom('application/pdf', 'text/plain; charset=utf-8') }, { requiredKeys: ['name', 'datas'] });

/**
 * A payload for `model`: some of its fields, each with a value of its type or (unless `strict`)
 * any JSON. A strict payload names writable fields with acceptable values: it mostly succeeds,
 * or fails late (a lookup, a required field, a unique value), after the checks that need no read.
 */
export function payload(model: Model, depth: number, seeds: Seeds, skip?: string, strict = false): fc.Arbitrary<Record<string, unknown>> {
  const writable = Object.keys(model.fields).filter((f) => f !== skip && !model.fields[f]!.readonly);
  const names = strict ? [...writable, 'attachment_ids'] : [...Object.keys(model.fields).filter((f) => f !== skip), 'attachment_ids', 'not_a_field'];
  const entry = fc.constantFrom(...names).chain((name) => {
    const field = model.fields[name];
    if (name === 'attachment_ids' && strict) return fc.tuple(fc.constant(name), fc.array(validAttachment, { maxLength: 2 }));
    if (name === 'attachment_ids') return fc.tuple(fc.constant(name), fc.oneof(fc.array(attachment, { maxLength: 2 }), anyJson));
    if (!field) return fc.tuple(fc.constant(name), anyJson);
    if (field.type === 'many2one' || field.type === 'many2many' || field.type === 'one2many') {
      return fc.tuple(fc.constant(name), strict ? relational(field, depth, seeds, true) : fc.oneof({ weight: 4, arbitrary: relational(field, depth, seeds, false) }, anyJson));
    }
    return fc.tuple(fc.constant(name), strict ? validScalar(field) : fc.oneof({ weight: 4, arbitrary: scalar(field) }, anyJson));
  });
  return fc.array(entry, { maxLength: strict ? 6 : 5 }).map((entries) => Object.fromEntries(entries));
}

/** A search_data payload: domains as JSON arrays or Python-literal text, fields, order, paging. */
export function searchPayload(model: Model, seeds: Seeds): fc.Arbitrary<unknown> {
  const fields = Object.keys(model.fields);
  const path = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...fields) },
    fc.constantFrom('partner_id.ref', 'order_line.product_id.default_code', 'parent_id.name', 'category_id.name', 'nope', 'name.x'),
  );
  const value = fc.oneof(
    fc.constantFrom(...seeds.refs, ...seeds.codes, ...seeds.tags, 'draft', '%a%', 'A_'),
    fc.constantFrom(...seeds.ids),
    fc.array(fc.constantFrom(...seeds.ids, ...seeds.refs), { maxLength: 3 }),
    fc.constantFrom(true, false, null, 0, 2.5),
    anyJson,
  );

  const term = fc.tuple(path, fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...OPERATORS) }, fc.constantFrom('~', 'LIKE', '')), value);
  const element = fc.oneof({ weight: 4, arbitrary: term }, fc.constantFrom('&', '|', '!'));
  const domain = fc.array(element, { maxLength: 5 });
  const pyText = (d: unknown[]) =>
    `[${d.map((e) => (typeof e === 'string' ? `'${e}'` : `(${(e as unknown[]).map((x) => JSON.stringify(x) ?? 'None').join(', ')})`)).join(', ')}]`
      .replace(/\btrue\b/g, 'True')
      .replace(/\bfalse\b/g, 'False')
      .replace(/\bnull\b/g, 'None');
  const fieldSpec = fc.oneof(fc.constantFrom(...fields), fc.constantFrom('order_line{product_id{name}}', 'partner_id{name, ref}', 'child_ids{name', 'datas', 'x{'));
  const wild = fc.record(
    {
      search_domain: fc.oneof(domain, domain.map(pyText), fc.string({ maxLength: 20 }), anyJson),
      search_field: fc.oneof(fc.array(fieldSpec, { maxLength: 3 }), anyJson),
      order: fc.oneof(fc.constantFrom('id desc', 'name, id desc', 'partner_id', 'nope', 'name sideways', ''), anyJson),
      limit: fc.oneof(fc.integer({ min: -1, max: 2000 }), anyJson),
      offset: fc.oneof(fc.integer({ min: -1, max: 20 }), anyJson),
      count: fc.oneof(fc.boolean(), anyJson),
    },
    { requiredKeys: [] },
  );
  // Mostly right: known fields, real operators, values of the seeds; the planner is exercised.
  const stored = fields.filter((f) => model.fields[f]!.type !== 'binary');
  const fairTerm = fc.tuple(fc.constantFrom(...stored), fc.constantFrom(...OPERATORS), fc.oneof(value, fc.constant(false)));
  // What DynamoDB refuses in a key or an expression: an empty or over-long key, numbers it cannot hold.
  const compare = fc.constantFrom('=', '!=', '>', '>=', '<', '<=', 'in', '=like');
  const texts = model.indexed.filter((f) => model.fields[f]!.type === 'char');
  const numbers = stored.filter((f) => ['integer', 'float'].includes(model.fields[f]!.type));
  const edgeTerm = fc.oneof(
    fc.tuple(fc.constantFrom(...numbers), compare, fc.constantFrom(1e16, 1e-200, -1e300)),
    ...(texts.length > 0 ? [fc.tuple(fc.constantFrom(...texts), compare, fc.constantFrom('', 'a'.repeat(1100)))] : []),
  );
  const fairDomain = fc.array(fc.oneof({ weight: 5, arbitrary: fairTerm }, { weight: 2, arbitrary: edgeTerm }, fc.constantFrom('|', '!')), { maxLength: 4 });
  const fair = fc.record(
    {
      search_domain: fc.oneof(fairDomain, fairDomain.map(pyText)),
      search_field: fc.array(fc.constantFrom(...stored), { maxLength: 3 }),
      order: fc.constantFrom('id desc', 'id', 'create_date desc, id'),
      limit: fc.integer({ min: 1, max: 50 }),
      offset: fc.integer({ min: 0, max: 5 }),
      count: fc.boolean(),
    },
    { requiredKeys: ['search_domain'] },
  );
  return fc.oneof(fair, wild);
}

export interface FuzzRequest {
  route: 'create_data' | 'update_data' | 'create_update_data' | 'call_function' | 'search_data';
  model: string;
  vals: unknown;
}

/** A whole request: a route, a model (sometimes unknown), and vals of the route's shape or not. */
export function request(seeds: Seeds): fc.Arbitrary<FuzzRequest> {
  const models = [...catalogue.models.keys()];
  return fc
    .record({
      route: fc.constantFrom('create_data', 'update_data', 'create_update_data', 'call_function', 'search_data') as fc.Arbitrary<FuzzRequest['route']>,
      model: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...models) }, { weight: 1, arbitrary: fc.constantFrom('res.nothing', '') }),
    })
    .chain(({ route, model }) => {
      const m = catalogue.get(model) ?? catalogue.get('res.partner')!;
      const searchKey = fc.oneof(
        { weight: 3, arbitrary: fc.record({ id: fc.oneof(fc.constantFrom(...seeds.ids), fc.array(fc.constantFrom(...seeds.ids), { maxLength: 3 })) }) },
        fc.record({ ref: fc.constantFrom(...seeds.refs) }),
        fc.dictionary(fc.constantFrom(...Object.keys(m.fields), 'partner_id.ref', 'nope'), anyJson, { maxKeys: 2 }),
        anyJson,
      );
      const callPayload = fc.record(
        {
          method: fc.constantFrom(...Object.keys(m.methods), '_private', 'name', 'constructor', 'unknown'),
          parameter: fc.oneof(
            { weight: 2, arbitrary: fc.record({ limit: fc.oneof(fc.integer(), fc.string(), fc.constantFrom(...ODD_NUMBERS)) }) },
            fc.record({ limit: fc.integer({ min: 0, max: 10_000 }), note: fc.oneof(fc.string(), fc.constantFrom(...ODD_NUMBERS)) }),
            anyJson,
          ),
          context: fc.oneof(fc.record({ lang: fc.constantFrom('th_TH', 'en_US') }), anyJson),
        },
        { requiredKeys: ['method'] },
      );
      const options: Record<string, fc.Arbitrary<unknown>> = {
        payload:
          route === 'search_data'
            ? searchPayload(m, seeds)
            : route === 'call_function'
            ? callPayload
            : fc.oneof({ weight: 5, arbitrary: payload(m, 0, seeds, undefined, true) }, { weight: 4, arbitrary: payload(m, 0, seeds) }, { weight: 1, arbitrary: anyJson }),
        search_key: searchKey,
        multi: fc.oneof({ weight: 4, arbitrary: fc.boolean() }, anyJson),
        result_field: fc.oneof(
          { weight: 4, arbitrary: fc.array(fc.constantFrom(...Object.keys(m.fields), 'partner_id{name}', 'order_line{price_subtotal}', 'order_id{amount_total}'), { maxLength: 3 }) },
          anyJson,
        ),
        auto_create: fc.oneof({ weight: 4, arbitrary: fc.record({ partner_id: fc.record({ name: fc.constant('Auto') }) }) }, anyJson),
        dry_run: fc.oneof({ weight: 4, arbitrary: fc.boolean() }, anyJson),
      };
      // The keys the route takes, and now and then one it does not (a typo, another route's).
      const taken = valsKeys(route);
      const stray = fc.constantFrom('mutli', 'result_feild', 'search_domain', 'dryrun', ...Object.keys(options).filter((k) => !taken.includes(k)));
      const vals = fc
        .tuple(
          fc.record(Object.fromEntries(taken.map((k) => [k, options[k]!])), { requiredKeys: taken.filter((k) => k === 'payload' || k === 'search_key') }),
          fc.oneof({ weight: 19, arbitrary: fc.constant(null) }, fc.tuple(stray, anyJson)),
        )
        .map(([v, extra]) => (extra ? { ...v, [extra[0]]: extra[1] } : v));
      return fc.record({ route: fc.constant(route), model: fc.constant(model), vals: fc.oneof({ weight: 19, arbitrary: vals }, { weight: 1, arbitrary: anyJson }) });
    });
}

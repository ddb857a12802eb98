import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { WebhookError } from '../../shared/envelope';
import { catalogue, type Model } from '../../shared/catalogue';
import type { RecordState } from '../../shared/plan';
import { OPERATORS, and, compileQuery, negate, or, parseDomain, printDomain, type Domain, type Scalar } from '../../shared/query';
import { matches } from '../../shared/query/conditions/cond';
import { strip } from '../support/domains';

const runs = Number(process.env.FC_RUNS ?? 1000);

/** Parses, and fails the property if anything but a WebhookError is thrown. */
function parsesOrFailsTyped(input: unknown): void {
  try {
    parseDomain(input);
  } catch (e) {
    if (!(e instanceof WebhookError)) throw e;
    assert.ok(['DOMAIN', 'LIMIT_EXCEEDED'].includes(e.code), e.code);
  }
}

/** Pieces of domain text, so that generated strings get past the first character often. */
const piece = fc.constantFrom(
  '[', ']', '(', ')', ',', ' ', "'", '"', '\\', '|', '&', '!', "'|'", "'&'", "'!'", "'name'", "'='", "'in'", "'not in'",
  "'child_of'", "'ilike'", 'True', 'False', 'None', '1', '-2.5', '1e3', '0x1f', "u'x'", "r'\\d'", '\\x4', '\\u00e9', "('a', '=', 1)",
);
const domainish = fc.array(fc.oneof(piece, fc.string({ maxLength: 3 })), { maxLength: 40 }).map((parts) => parts.join(''));

test('the parser never throws an untyped error, whatever the text', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), domainish), (text) => parsesOrFailsTyped(text)),
    { numRuns: runs },
  );
});

test('the parser never throws an untyped error, whatever the JSON value', () => {
  fc.assert(fc.property(fc.jsonValue(), (value) => parsesOrFailsTyped(value)), { numRuns: runs });
  fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom('&', '|', '!'), fc.array(fc.jsonValue(), { maxLength: 4 }))), (value) => parsesOrFailsTyped(value)), {
    numRuns: runs,
  });
});

const scalar: fc.Arbitrary<Scalar> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (n === 0 ? 0 : n)),
  fc.boolean(),
  fc.constant(null),
);

const term: fc.Arbitrary<Domain> = fc.record({
  kind: fc.constant('term' as const),
  field: fc.oneof(fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}(\.[a-z_][a-z0-9_]{0,8}){0,2}$/), fc.string({ unit: 'binary', minLength: 1, maxLength: 8 })),
  operator: fc.constantFrom(...OPERATORS),
  value: fc.oneof(scalar, fc.array(scalar, { maxLength: 4 })),
  at: fc.constant(0),
});

/** Trees as the parser builds them: through the same constructors, so they are in normal form. */
const { domain } = fc.letrec<{ domain: Domain }>((tie) => ({
  domain: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    term,
    fc.array(tie('domain'), { maxLength: 4 }).map(and),
    fc.array(tie('domain'), { maxLength: 4 }).map(or),
    tie('domain').map(negate),
  ),
}));

test('a printed domain parses back to the same tree', () => {
  fc.assert(
    fc.property(domain, (d) => {
      const text = printDomain(d);
      assert.deepEqual(strip(parseDomain(text)), strip(d), text);
    }),
    { numRuns: runs },
  );
});

test('printing is stable: what a printed domain parses to prints the same', () => {
  fc.assert(
    fc.property(domain, (d) => {
      const text = printDomain(d);
      assert.equal(printDomain(parseDomain(text)), text);
    }),
    { numRuns: runs },
  );
});

const partner = catalogue.get('res.partner')!;
const order = catalogue.get('sale.order')!;
/** Terms on real fields, paths and operators, with values of every kind, empty ones often. */
const fieldTerm = (model: Model): fc.Arbitrary<Domain> =>
  fc.record({
    kind: fc.constant('term' as const),
    field: fc.oneof(fc.constantFrom(...Object.keys(model.fields)), fc.constantFrom('parent_id.name', 'partner_id.parent_id', 'order_line.product_id', 'category_id.name')),
    operator: fc.constantFrom(...OPERATORS),
    value: fc.oneof(fc.constantFrom('', false, null, 0, 1, '2026-03-01', '2026-03-01 10:00:00', 'a%'), scalar, fc.array(fc.oneof(fc.constantFrom('', false, 1), scalar), { maxLength: 3 })),
    at: fc.constant(0),
  });

test('compiling any domain on real fields succeeds or fails with DOMAIN, never with an untyped error', () => {
  for (const model of [partner, order]) {
    fc.assert(
      fc.property(fc.array(fieldTerm(model), { minLength: 1, maxLength: 3 }).map(and), (d) => {
        try {
          compileQuery(model, d, catalogue);
        } catch (e) {
          if (!(e instanceof WebhookError) || e.code !== 'DOMAIN') throw e;
        }
      }),
      { numRuns: runs },
    );
  }
});

test('! of a like with an empty pattern is its complement, on every record', () => {
  const likes = ['like', 'ilike', 'not like', 'not ilike', '=like', '=ilike'] as const;
  const record = (city: string | null): RecordState => ({ model: partner.name, id: 1, values: { city, parent_id: city === null ? null : 3 }, version: 1, attachments: [] });
  fc.assert(
    fc.property(fc.constantFrom(...likes), fc.constantFrom('', false, null), fc.constantFrom('city', 'parent_id'), fc.option(fc.string({ maxLength: 3 })), (operator, value, field, city) => {
      const term: Domain = { kind: 'term', field, operator, value, at: 0 };
      const rec = record(city);
      const yes = matches(compileQuery(partner, term, catalogue).cond, rec);
      const no = matches(compileQuery(partner, negate(term), catalogue).cond, rec);
      assert.notEqual(yes, no, `${printDomain(term)} on ${JSON.stringify(rec.values)}`);
    }),
    { numRuns: runs },
  );
});

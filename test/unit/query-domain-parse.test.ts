import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDomain, printDomain } from '../../shared/query';
import { strip } from '../support/domains';
import { thrown } from '../support/errors';

const tree = (input: unknown) => strip(parseDomain(input)) as unknown[];

/** The error code, the message, and where it points, of a domain that is refused. */
function refusal(input: unknown): { code: string; message: string; details: Record<string, unknown> } {
  const { code, message, details } = thrown(() => parseDomain(input));
  return { code, message, details: details as Record<string, unknown> };
}
/** What a DOMAIN error says, without its quote of the text, and where. */
function domainRefusal(input: unknown): [string, unknown] {
  const e = refusal(input);
  assert.equal(e.code, 'DOMAIN', e.message);
  const what = /^search_domain: (.*?) at (position \d+|search_domain\S*)(: ".*")?$/s.exec(e.message);
  assert.ok(what, e.message);
  return [what[1]!, e.details.position ?? e.details.at];
}

const A = "('a', '=', 1)";
const a = ['a', '=', 1];

describe('domain: size limits', () => {
  test('a text of 200000 characters is read; one character more is LIMIT_EXCEEDED before it is read', () => {
    assert.deepEqual(tree(`[${' '.repeat(199_998)}]`), ['&']);
    assert.deepEqual(refusal(`[${' '.repeat(199_999)}]`), {
      code: 'LIMIT_EXCEEDED',
      message: 'search_domain is longer than 200000 characters',
      details: { path: 'search_domain' },
    });
  });

  test('1000 terms and operators are read; 1001 are LIMIT_EXCEEDED', () => {
    assert.equal((parseDomain(`['!', ${`${A}, `.repeat(999)}]`) as { children: unknown[] }).children.length, 999);
    const over = refusal(`['!', ${`${A}, `.repeat(1000)}]`);
    assert.deepEqual(over, { code: 'LIMIT_EXCEEDED', message: 'search_domain has more than 1000 terms and operators', details: { path: 'search_domain' } });
    assert.equal(refusal(Array.from({ length: 1001 }, () => ['a', '=', 1])).code, 'LIMIT_EXCEEDED');
  });

  test('10000 values in all are read; one more, in any term, is LIMIT_EXCEEDED; a long text is one value', () => {
    const list = (n: number) => `[${'1, '.repeat(n)}]`;
    assert.deepEqual(tree(`[('a', 'in', ${list(5_000)}), ('b', 'in', ${list(5_000)})]`)[0], '&');
    assert.deepEqual(refusal(`[('a', 'in', ${list(5_000)}), ('b', 'in', ${list(5_001)})]`), {
      code: 'LIMIT_EXCEEDED',
      message: 'search_domain holds more than 10000 values',
      details: { path: 'search_domain' },
    });
    assert.equal(refusal([['a', 'in', Array(10_001).fill(1)]]).code, 'LIMIT_EXCEEDED');
    assert.deepEqual(tree(`[('a', '=', '${'x'.repeat(10_001)}'), ('b', 'in', ${list(10_000)})]`)[0], '&');
  });
});

describe('domain: the JSON array form', () => {
  test('strings, numbers, booleans and null are its values; -0 is 0', () => {
    assert.deepEqual(tree([['a', 'in', ['x', 1.5, true, false, null]]]), ['a', 'in', ['x', 1.5, true, false, null]]);
    const zero = (parseDomain([['a', '=', -0]]) as { value: number }).value;
    assert.ok(Object.is(zero, 0));
  });

  test('positions are JSON paths', () => {
    assert.deepEqual(parseDomain([['a', '=', 1], '!', ['b', '=', 2]]), {
      kind: 'and',
      children: [
        { kind: 'term', field: 'a', operator: '=', value: 1, at: 'search_domain[0][0]' },
        { kind: 'term', field: 'b', operator: '!=', value: 2, at: 'search_domain[2][0]' },
      ],
    });
  });

  test('numbers that are not finite, objects and deep lists are refused where they are', () => {
    assert.deepEqual(domainRefusal([['a', '=', Infinity]]), ['number out of range', 'search_domain[0][2]']);
    assert.deepEqual(domainRefusal([['a', 'in', [1, NaN]]]), ['number out of range', 'search_domain[0][2][1]']);
    assert.deepEqual(domainRefusal([['a', '=', 1], ['a', '=', {}]]), [
      'unexpected object (a domain holds terms, strings, numbers, booleans, null and lists)',
      'search_domain[1][2]',
    ]);
    const nested = (n: number): unknown => (n === 0 ? 1 : [nested(n - 1)]);
    assert.deepEqual(domainRefusal(nested(8)), ["a term has 3 parts ('field', 'operator', value), this one has 1", 'search_domain[0]']);
    assert.deepEqual(domainRefusal(nested(9)), ['lists nested more than 8 deep', `search_domain${'[0]'.repeat(8)}`]);
    assert.deepEqual(refusal([['a', '=', {}]]).details, { path: 'search_domain', at: 'search_domain[0][2]' });
  });

  test('a domain is a list or its text: anything else is DOMAIN', () => {
    for (const input of [42, true, {}, { 0: ['a', '=', 1] }]) {
      assert.deepEqual(refusal(input), {
        code: 'DOMAIN',
        message: 'search_domain: expected a list of terms (or its text) at search_domain',
        details: { path: 'search_domain', at: 'search_domain' },
      });
    }
    assert.deepEqual(tree('\n\t '), ['&']);
  });
});

describe('domain: elements', () => {
  test('an operator without enough terms after it is refused at the operator', () => {
    assert.deepEqual(domainRefusal(`[${A}, '&', ${A}]`), ["'&' has too few terms after it (2 needed)", 16]);
    assert.deepEqual(domainRefusal(`['|', ${A}, '!']`), ["'!' has too few terms after it (1 needed)", 21]);
    assert.deepEqual(domainRefusal(['&']), ["'&' has too few terms after it (2 needed)", 'search_domain[0]']);
  });

  test('elements that are neither terms nor operators are refused, saying what they are', () => {
    assert.deepEqual(domainRefusal("['&&', ('a', '=', 1)]"), ["expected a term ('field', 'operator', value) or one of '&', '|', '!', found '&&'", 1]);
    assert.deepEqual(domainRefusal(`[${A}, 2.5]`), ["expected a term ('field', 'operator', value) or one of '&', '|', '!', found 2.5", 16]);
  });

  test('a term has exactly three parts', () => {
    assert.deepEqual(domainRefusal("[('a', '=', 1, 2)]"), ["a term has 3 parts ('field', 'operator', value), this one has 4", 1]);
    assert.deepEqual(domainRefusal('[()]'), ["a term has 3 parts ('field', 'operator', value), this one has 0", 1]);
  });

  test('the operator is one of the list, as text', () => {
    assert.deepEqual(domainRefusal("[('a', ['='], 1)]"), ['the operator must be a string', 7]);
    assert.deepEqual(domainRefusal("[('a', None, 1)]"), ['the operator must be a string', 7]);
    const unknown = (op: string) => `unknown operator '${op}' (one of '=', '!=', '>', '>=', '<', '<=', '=?', 'in', 'not in', 'like', 'not like', 'ilike', 'not ilike', '=like', '=ilike', 'child_of', 'parent_of')`;
    assert.deepEqual(domainRefusal("[('a', 'constructor', 1)]"), [unknown('constructor'), 7]);
    assert.deepEqual(domainRefusal("[('a', '__proto__', 1)]"), [unknown('__proto__'), 7]);
    assert.deepEqual(domainRefusal("[('a', 'in ', 1)]"), [unknown('in '), 7]);
    assert.deepEqual(tree("[('a', 'Not Ilike', 'x'), ('b', '<>', 2)]"), ['&', ['a', 'not ilike', 'x'], ['b', '!=', 2]]);
  });

  test("only (1, '=', 1) and (0, '=', 1) are the true and false terms; other terms need a field name", () => {
    assert.deepEqual(tree("['|', (0, '=', 1), (1, '==', 1)]"), ['&']);
    assert.deepEqual(tree("['&', (0, '=', 1), (1, '=', 1)]"), ['|']);
    assert.deepEqual(tree([[1, '=', 1]]), ['&']);
    const notAField = 'the field of a term must be a field name';
    for (const term of ["(1, '!=', 1)", "(1, '=', 0)", "(0, '=', 0)", "(2, '=', 1)", "(1, '=', '1')", "(1, 'in', [1])", '(None, \'=\', 1)', "(['a'], '=', 1)"]) {
      assert.deepEqual(domainRefusal(`[${term}]`), [notAField, 2], term);
    }
  });

  test('a value is a scalar or a list of scalars', () => {
    assert.deepEqual(tree("[('a', 'in', [])]"), ['a', 'in', []]);
    assert.deepEqual(domainRefusal("[('a', 'in', [1, (2, 3)])]"), ['a value list holds strings, numbers, True, False and None, not lists', 17]);
  });
});

describe('domain: negation and junctions', () => {
  test('! is pushed into a whole tree and twice ! is the tree itself', () => {
    assert.deepEqual(tree(`['!', '&', ${A}, '|', ('b', '<=', 2), ('c', 'not like', 'x')]`), ['|', ['a', '!=', 1], ['&', ['b', '>', 2], ['c', 'like', 'x']]]);
    assert.deepEqual(tree(`['!', '!', '!', ${A}]`), ['a', '!=', 1]);
    assert.deepEqual(tree("['!', '!', ('a', '=like', 'x')]"), ['a', '=like', 'x']);
    assert.deepEqual(tree("['!', '|', ('a', 'parent_of', 1), ('b', '=?', 2)]"), ['&', ['!', ['a', 'parent_of', 1]], ['!', ['b', '=?', 2]]]);
    assert.deepEqual(tree("['!', (1, '=', 1)]"), ['|']);
    assert.deepEqual(tree("['!', (0, '=', 1)]"), ['&']);
  });

  test('a junction of one part is that part; nested junctions of the same kind are one', () => {
    assert.deepEqual(tree(`[${A}]`), a);
    assert.deepEqual(tree(`['|', ${A}, (0, '=', 1)]`), a);
    assert.deepEqual(tree(`['&', '&', ${A}, ${A}, '&', ${A}, ${A}]`), ['&', a, a, a, a]);
    assert.deepEqual(tree(`['|', '&', ${A}, ${A}, ${A}]`), ['|', ['&', a, a], a]);
  });
});

describe('domain: printing', () => {
  const printed = (text: string) => printDomain(parseDomain(text));

  test('! before a term without negation, and true and false inside a junction', () => {
    assert.equal(printed("['!', ('a', 'child_of', 1)]"), "['!', ('a', 'child_of', 1)]");
    assert.equal(printed("['&', '!', ('a', '=like', 'x'), ('b', '=', 1)]"), "['!', ('a', '=like', 'x'), ('b', '=', 1)]");
    assert.equal(printed("['|', '!', ('a', '=like', 'x'), '&', ('b', '=', 1), ('c', '=', 2)]"), "['|', '!', ('a', '=like', 'x'), '&', ('b', '=', 1), ('c', '=', 2)]");
    assert.equal(printed("['&', ('a', '=', 1), '|', (0, '=', 1), ('b', '=', 1)]"), "[('a', '=', 1), ('b', '=', 1)]");
    assert.equal(printed("['|', ('a', '=', 1), '!', (0, '=', 1)]"), "['|', ('a', '=', 1), (1, '=', 1)]");
    assert.equal(printed("[('a', 'in', []), ('b', '=', None), ('c', '=', False)]"), "[('a', 'in', []), ('b', '=', None), ('c', '=', False)]");
  });

  test('texts print with Python escapes for quotes, backslashes, control characters and lone surrogates', () => {
    assert.equal(printed(`[('a', '=', '\\\\ \\' " \\n\\r\\t\\x00\\x1f\\x7f\\x80 é\\udfff-\\ud800\\ud7ff\\ue000😀')]`), `[('a', '=', '\\\\ \\' " \\n\\r\\t\\x00\\x1f\\x7f\u0080 é\\udfff-\\ud800\ud7ff\ue000😀')]`);
  });

  test('numbers print as they read back: whole floats past 2^53 in exponent form', () => {
    assert.equal(printed("[('a', 'in', [1e20, 9007199254740992.0, 9007199254740991, -1e300, 2.5, -0.0, 1e-7])]"), "[('a', 'in', [1e+20, 9.007199254740992e+15, 9007199254740991, -1e+300, 2.5, 0, 1e-7])]");
  });
});

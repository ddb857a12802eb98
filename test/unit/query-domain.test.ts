import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OPERATORS, parseDomain, printDomain, type Domain } from '../../shared/query';
import { strip } from '../support/domains';
import { thrown } from '../support/errors';

const tree = (input: unknown) => strip(parseDomain(input));
const failure = (input: unknown) => thrown(() => parseDomain(input));
const value = (literal: string) => (parseDomain(`[('f', '=', ${literal})]`) as Extract<Domain, { kind: 'term' }>).value;

describe('domain text: literals', () => {
  test('True, False and None (and their JSON spellings) are booleans and null', () => {
    assert.deepEqual([value('True'), value('False'), value('None'), value('true'), value('null')], [true, false, null, true, null]);
  });

  test('numbers: integers, negatives, floats, exponents, hex, octal, binary and underscores', () => {
    assert.deepEqual(
      ['42', '-7', '+3', '3.25', '.5', '1e3', '-2.5E-2', '0x1F', '0o17', '0b101', '1_000', '- 4', '0', '-0'].map(value),
      [42, -7, 3, 3.25, 0.5, 1000, -0.025, 31, 15, 5, 1000, -4, 0, 0],
    );
  });

  test('strings: either quote, Python escapes, u and r prefixes, adjacent strings joined', () => {
    assert.equal(value(`'it\\'s'`), "it's");
    assert.equal(value(`"say \\"hi\\""`), 'say "hi"');
    assert.equal(value(`'a\\nb\\tc\\\\d'`), 'a\nb\tc\\d');
    assert.equal(value(`'\\x41\\u00e9\\U0001F600\\101'`), 'Aé😀A');
    assert.equal(value(`u'caf\\u00e9'`), 'café');
    assert.equal(value(`r'a\\d'`), 'a\\d');
    assert.equal(value(`'a' "b" 'c'`), 'abc');
    assert.equal(value(`'unknown \\q escape'`), 'unknown \\q escape');
    assert.equal(value(`'ไทย'`), 'ไทย');
  });

  test('lists and tuples, with trailing commas; (x) is x itself', () => {
    assert.deepEqual(value('[1, 2,]'), [1, 2]);
    assert.deepEqual(value("('a',)"), ['a']);
    assert.deepEqual(value('()'), []);
    assert.deepEqual(value('(5)'), 5);
    assert.deepEqual(tree("[['a', '=', 1], ('b', 'in', (1, 2))]"), ['&', ['a', '=', 1], ['b', 'in', [1, 2]]]);
  });
});

describe('domain text: terms and operators', () => {
  test('every operator of docs/search.md is read, in any case, and <> and == are old spellings of != and =', () => {
    for (const op of OPERATORS) assert.deepEqual(tree(`[('a', '${op.toUpperCase()}', 1)]`), ['a', op, 1]);
    assert.deepEqual(tree("[('a', '<>', 1)]"), ['a', '!=', 1]);
    assert.deepEqual(tree("[('a', '==', 1)]"), ['a', '=', 1]);
  });

  test('dotted paths are kept as written for the catalogue to check', () => {
    assert.deepEqual(tree("[('order_line.product_id.default_code', '=', 'X')]"), ['order_line.product_id.default_code', '=', 'X']);
  });

  test("(1, '=', 1) is true and (0, '=', 1) is false, as in Odoo", () => {
    assert.deepEqual(tree("[(1, '=', 1)]"), ['&']);
    assert.deepEqual(tree("[(0, '=', 1)]"), ['|']);
    assert.deepEqual(tree("[(1, '=', 1), ('a', '=', 1)]"), ['a', '=', 1]);
  });

  test('an empty domain, an empty text or no domain at all is true', () => {
    for (const input of ['[]', '', '  ', undefined, null, []]) assert.deepEqual(tree(input), ['&']);
  });
});

describe('domain text: prefix operators', () => {
  const A = "('a', '=', 1)";
  const B = "('b', '=', 2)";
  const C = "('c', '=', 3)";
  const [a, b, c] = [['a', '=', 1], ['b', '=', 2], ['c', '=', 3]];

  test('terms side by side are joined by an implicit &', () => {
    assert.deepEqual(tree(`[${A}, ${B}, ${C}]`), ['&', a, b, c]);
    assert.deepEqual(tree(`['&', ${A}, ${B}, ${C}]`), ['&', a, b, c]);
  });

  test('| and & take the two expressions after them, which may be operators themselves', () => {
    assert.deepEqual(tree(`['|', ${A}, ${B}, ${C}]`), ['&', ['|', a, b], c]);
    assert.deepEqual(tree(`['|', ${A}, '&', ${B}, ${C}]`), ['|', a, ['&', b, c]]);
    assert.deepEqual(tree(`['&', '|', ${A}, ${B}, ${C}]`), ['&', ['|', a, b], c]);
    assert.deepEqual(tree(`['|', '|', ${A}, ${B}, ${C}]`), ['|', a, b, c]);
  });

  test('! negates the expression after it, pushed into the terms as Odoo does', () => {
    assert.deepEqual(tree(`['!', ${A}]`), ['a', '!=', 1]);
    assert.deepEqual(tree(`['!', '!', ${A}]`), a);
    assert.deepEqual(tree(`['!', '|', ${A}, ${B}]`), ['&', ['a', '!=', 1], ['b', '!=', 2]]);
    assert.deepEqual(tree("['!', ('a', 'in', [1]), '!', ('b', '<', 1), '!', ('c', 'ilike', 'x')]"), ['&', ['a', 'not in', [1]], ['b', '>=', 1], ['c', 'not ilike', 'x']]);
    assert.deepEqual(tree("['!', ('a', '=like', 'x%')]"), ['!', ['a', '=like', 'x%']]);
    assert.deepEqual(tree("['!', ('a', 'child_of', 1)]"), ['!', ['a', 'child_of', 1]]);
  });

  test('the JSON array form reads the same as the text', () => {
    assert.deepEqual(tree([['a', '=', 1], '|', ['b', '=', 2], '!', ['c', 'in', [3, null, true]]]), tree("[('a', '=', 1), '|', ('b', '=', 2), '!', ('c', 'in', [3, None, True])]"));
  });
});

describe('domain text: errors say what and where', () => {
  const cases: [unknown, RegExp][] = [
    ["[('a', '=', 1)", /expected ',' or '\]', found end of text at position 14/],
    ["[('a', '=' 1)]", /expected ',' or '\)', found '1' at position 11/],
    ["[('a', '=', foo)]", /unknown name 'foo' .* at position 12/],
    ["[('a', '=', os.system('x'))]", /unknown name 'os' .* at position 12/],
    ["[('a', '=', 'x)]", /unterminated string at position 12/],
    ["[('a', '=', '''x''')]", /triple-quoted strings are not supported at position 12/],
    ["[('a', '=', 12ab)]", /invalid number at position 12/],
    ["[('a', '=', 012)]", /leading zeros/],
    ["[('a', '=', 99999999999999999999)]", /number out of range at position 12/],
    ["[('a', '=', 1e999)]", /number out of range/],
    ["[('a', '=', '\\xZZ')]", /invalid \\x escape at position 13/],
    ["[('a', '=', 1)] x", /unexpected 'x' after the domain at position 16/],
    ["[('a', '=', {})]", /unexpected '\{', expected a value at position 12/],
    ["[('a', 'is', 1)]", /unknown operator 'is' \(one of '=', '!=', .*'parent_of'\) at position 7/],
    ["[('a', 1, 1)]", /the operator must be a string at position 7/],
    ["[(5, '=', 1)]", /the field of a term must be a field name at position 2/],
    ["[('', '=', 1)]", /the field of a term must be a field name/],
    ["[('a', '=')]", /a term has 3 parts .* this one has 2 at position 1/],
    ["['|', ('a', '=', 1)]", /'\|' has too few terms after it \(2 needed\) at position 1/],
    ["['!']", /'!' has too few terms after it \(1 needed\) at position 1/],
    ["['x', ('a', '=', 1)]", /expected a term .* found 'x' at position 1/],
    ["[1]", /found 1 at position 1/],
    ["('a', '=', 1)", /a term has 3 parts|expected a term/],
    ["'a'", /expected a list of terms at position 0/],
    ["[('a', 'in', [[1]])]", /a value list holds strings, numbers, True, False and None, not lists at position 14/],
    ['[[[[[[[[[[1]]]]]]]]]]', /lists nested more than 8 deep/],
    [[['a', '=', { b: 1 }]], /unexpected object .* at search_domain\[0\]\[2\]/],
    [[[[[[[[[[[1]]]]]]]]]], /lists nested more than 8 deep at search_domain\[0\]/],
    [[['a', '?', 1]], /unknown operator '\?' .* at search_domain\[0\]\[1\]/],
    [42, /expected a list of terms \(or its text\) at search_domain/],
  ];
  for (const [input, message] of cases) {
    test(`${JSON.stringify(input)} is DOMAIN: ${message.source}`, () => {
      const e = failure(input);
      assert.equal(e.code, 'DOMAIN');
      assert.match(e.message, message);
      assert.match(e.message, /^search_domain: /);
    });
  }

  test('the message quotes the text around the position', () => {
    const e = failure("[('name', '=', 'x'), ('city', '=', 'Paris') ('b', '=', 1)]");
    assert.match(e.message, /at position 44: "\.\.\. 'Paris'\) \('b', '=', 1\)\]"$/);
    assert.equal(e.details.position, 44);
  });

  test('a domain over the size limits is LIMIT_EXCEEDED, before it is read', () => {
    assert.equal(failure(`[${"('a', '=', 1), ".repeat(1001)}]`).code, 'LIMIT_EXCEEDED');
    assert.equal(failure(`[('a', 'in', [${'1, '.repeat(10_001)}])]`).code, 'LIMIT_EXCEEDED');
    assert.equal(failure(`['${'x'.repeat(200_001)}']`).code, 'LIMIT_EXCEEDED');
  });
});

describe('domain text: printing', () => {
  test('a domain prints as Python literal text in prefix form', () => {
    const text = "[('a', '=', 'it\\'s'), '|', ('b', 'in', [1, 2.5, None]), '!', ('c', '=like', 'x%'), ('d', '!=', True)]";
    assert.equal(printDomain(parseDomain(text)), text);
    assert.equal(printDomain(parseDomain("['&', '|', ('a', '=', 1), ('b', '=', 2), ('c', '=', 3)]")), "['|', ('a', '=', 1), ('b', '=', 2), ('c', '=', 3)]");
    assert.equal(printDomain(parseDomain("['|', '|', ('a', '=', 1), ('b', '=', 2), ('c', '=', 3)]")), "['|', '|', ('a', '=', 1), ('b', '=', 2), ('c', '=', 3)]");
    assert.equal(printDomain(parseDomain('[]')), '[]');
    assert.equal(printDomain(parseDomain("[(0, '=', 1)]")), "[(0, '=', 1)]");
    assert.equal(printDomain(parseDomain("['|', ('a', '=', 1), (1, '=', 1)]")), "['|', ('a', '=', 1), (1, '=', 1)]");
  });
});

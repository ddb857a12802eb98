import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDomain, type Domain } from '../../shared/query';
import { thrown } from '../support/errors';

/** The value of the term `('f', '=', <literal>)`. */
const value = (literal: string) => (parseDomain(`[('f', '=', ${literal})]`) as Extract<Domain, { kind: 'term' }>).value;

/** What a DOMAIN error says and the position it names, for the text of a whole domain. */
function refusal(text: string): [string, number] {
  const e = thrown(() => parseDomain(text));
  assert.equal(e.code, 'DOMAIN', e.message);
  const what = /^search_domain: (.*) at position (\d+): "/.exec(e.message);
  assert.ok(what, e.message);
  assert.equal(Number(what[2]), e.details.position);
  return [what[1]!, Number(what[2])];
}
/** The same, for `[('f', '=', <literal>)]`, whose value starts at position 12. */
const valueRefusal = (literal: string) => refusal(`[('f', '=', ${literal})]`);

describe('domain text: spacing', () => {
  test('spaces, tabs, line breaks, form feeds and vertical tabs separate the parts; trailing space is allowed', () => {
    const spaced = "\t[\n(\r'a'\f,\v'=' ,\r\n1 )\t,\n]  \n";
    assert.deepEqual(parseDomain(spaced), { kind: 'term', field: 'a', operator: '=', value: 1, at: 5 });
  });

  test('a character that is no space is not skipped', () => {
    assert.deepEqual(valueRefusal('\u00a01'), ["unexpected '\u00a0', expected a value", 12]);
  });
});

describe('domain text: names', () => {
  test('only True, False, None and their JSON spellings are names; others are refused where they start', () => {
    assert.deepEqual(valueRefusal('True_1'), ["unknown name 'True_1' (a domain holds literals: strings, numbers, True, False, None, lists)", 12]);
    assert.deepEqual(valueRefusal('None2'), ["unknown name 'None2' (a domain holds literals: strings, numbers, True, False, None, lists)", 12]);
    assert.deepEqual(valueRefusal('constructor')[0], "unknown name 'constructor' (a domain holds literals: strings, numbers, True, False, None, lists)");
    assert.deepEqual(valueRefusal('TRUE')[0], "unknown name 'TRUE' (a domain holds literals: strings, numbers, True, False, None, lists)");
    assert.equal(value('false'), false);
  });

  test('u, U, r and R are string prefixes only right before a quote', () => {
    assert.equal(value(`U"caf\\u00e9"`), 'café');
    assert.equal(value(`R"a\\d"`), 'a\\d');
    assert.deepEqual(valueRefusal(`u 'x'`)[0], "unknown name 'u' (a domain holds literals: strings, numbers, True, False, None, lists)");
    assert.deepEqual(valueRefusal(`bu'x'`)[0], "unknown name 'bu' (a domain holds literals: strings, numbers, True, False, None, lists)");
    assert.deepEqual(valueRefusal(`ur'x'`)[0], "unknown name 'ur' (a domain holds literals: strings, numbers, True, False, None, lists)");
    assert.deepEqual(valueRefusal(`b'x'`)[0], "unknown name 'b' (a domain holds literals: strings, numbers, True, False, None, lists)");
  });
});

describe('domain text: lists', () => {
  test('[x] is a list of one, (x,) too, but (x) is x', () => {
    assert.deepEqual(value('[5]'), [5]);
    assert.deepEqual(value('[5,]'), [5]);
    assert.deepEqual(value('(5,)'), [5]);
    assert.deepEqual(value('((5))'), 5);
    assert.deepEqual(value('[]'), []);
  });

  test('a list is closed by its own bracket, and needs commas between its items', () => {
    assert.deepEqual(valueRefusal('[1, 2)'), ["expected ',' or ']', found ')'", 17]);
    assert.deepEqual(valueRefusal('(1, 2]'), ["expected ',' or ')', found ']'", 17]);
    assert.deepEqual(valueRefusal('[1 2]'), ["expected ',' or ']', found '2'", 15]);
    assert.deepEqual(valueRefusal('[1,, 2]'), ["unexpected ',', expected a value", 15]);
    assert.deepEqual(valueRefusal('[,]'), ["unexpected ',', expected a value", 13]);
    assert.deepEqual(refusal("[('a', '=',"), ['unexpected end of text, expected a value', 11]);
  });

  test('lists nest 8 deep at most: a ninth list is refused where it opens', () => {
    const nested = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
    assert.deepEqual(refusal(nested(8)), ['a term has 3 parts (\'field\', \'operator\', value), this one has 1', 1]);
    assert.deepEqual(refusal(nested(9)), ['lists nested more than 8 deep', 8]);
    assert.deepEqual(refusal(`[${'('.repeat(8)}1,${')'.repeat(8)}]`), ['lists nested more than 8 deep', 8]);
  });

  test('nothing may follow the domain but spaces', () => {
    assert.deepEqual(refusal('[] []'), ["unexpected '[' after the domain", 3]);
    assert.deepEqual(refusal('[]]'), ["unexpected ']' after the domain", 2]);
  });
});

describe('domain text: strings', () => {
  test('empty strings, and adjacent strings of any quote and prefix joined', () => {
    assert.equal(value(`''`), '');
    assert.equal(value(`""`), '');
    assert.equal(value(`'a'"b"`), 'ab');
    assert.equal(value(`'a'\n  u'b' r'\\c'`), 'ab\\c');
    assert.deepEqual(value(`['a', 'b']`), ['a', 'b']);
    assert.deepEqual(valueRefusal(`'x' u)`), ["expected ',' or ')', found 'u'", 16]);
    assert.deepEqual(valueRefusal(`'x' U`), ["expected ',' or ')', found 'U'", 16]);
  });

  test('a string ends at its own quote, and never at a line break', () => {
    assert.equal(value(`"it's"`), "it's");
    assert.equal(value(`'say "hi"'`), 'say "hi"');
    assert.deepEqual(valueRefusal(`'a\nb'`), ['unterminated string', 12]);
    assert.deepEqual(refusal(`[('f', '=', 'ab\\`), ['unterminated string', 12]);
    assert.deepEqual(valueRefusal(`u'ab`), ['unterminated string', 12]);
    assert.deepEqual(valueRefusal(`""""""`), ['triple-quoted strings are not supported', 12]);
    assert.deepEqual(valueRefusal(`r'''x'''`), ['triple-quoted strings are not supported', 12]);
  });

  test('a raw string keeps its backslashes, which stop a quote from ending it', () => {
    assert.equal(value(`r'a\\'b'`), "a\\'b");
    assert.equal(value(`r'\\n\\x'`), '\\n\\x');
    assert.equal(value(`R'\\\\'`), '\\\\');
  });

  test('escapes: the simple ones, a backslash before a line break, and unknown ones kept', () => {
    assert.equal(value(`'\\b\\f\\v\\a\\r\\"\\''`), '\b\f\v\x07\r"\'');
    assert.equal(value(`'a\\\nb'`), 'ab');
    assert.equal(value(`'\\8\\9\\N'`), '\\8\\9\\N');
  });

  test('hexadecimal escapes take exactly their number of digits, in either case, up to U+10FFFF', () => {
    assert.equal(value(`'\\x4a\\x4A\\x7e1'`), 'JJ~1');
    assert.equal(value(`'\\u00E9\\uFFFF'`), '\u00e9\uffff');
    assert.equal(value(`'\\U0010FFFF\\U0001f600'`), '\u{10ffff}😀');
    assert.deepEqual(valueRefusal(`'a\\x4'`), ['invalid \\x escape', 14]);
    assert.deepEqual(valueRefusal(`'\\x4g'`), ['invalid \\x escape', 13]);
    assert.deepEqual(valueRefusal(`'\\u12'`), ['invalid \\u escape', 13]);
    assert.deepEqual(valueRefusal(`'\\u-123'`), ['invalid \\u escape', 13]);
    assert.deepEqual(valueRefusal(`'\\U00110000'`), ['invalid \\U escape', 13]);
    assert.deepEqual(valueRefusal(`'\\U0000FFF'`), ['invalid \\U escape', 13]);
  });

  test('octal escapes take one to three digits', () => {
    assert.equal(value(`'\\0'`), '\0');
    assert.equal(value(`'\\7\\08'`), '\x07\x008');
    assert.equal(value(`'\\1234'`), 'S4');
    assert.equal(value(`'\\777'`), '\u01ff');
    assert.equal(value(`'\\12x'`), '\nx');
  });
});

describe('domain text: numbers', () => {
  test('prefixes in either case, underscores between digits, and floats without digits on one side', () => {
    assert.deepEqual(['0X1f', '0O17', '0B11', '0xA_b', '0b1_0', '0o7_7', '5.', '1_0.2_5', '1e1_0', '.5e1', '1E+2', '2e-1', '+.5'].map(value), [
      31, 15, 3, 171, 2, 63, 5, 10.25, 1e10, 5, 100, 0.2, 0.5,
    ]);
  });

  test('zeros: 00 is 0, and floats may start with zeros, but integers not', () => {
    assert.deepEqual(['00', '0_0', '-0.0', '01.5', '00.5', '01e2', '0e0'].map(value), [0, 0, 0, 1.5, 0.5, 100, 0]);
    assert.ok(Object.is(value('-0.0'), 0));
    assert.ok(Object.is(value('-0x0'), 0));
    assert.deepEqual(valueRefusal('007'), ['invalid number (leading zeros are not allowed)', 12]);
    assert.deepEqual(valueRefusal('-01'), ['invalid number (leading zeros are not allowed)', 12]);
  });

  test('a sign applies to every radix', () => {
    assert.deepEqual(['-0x10', '-0o10', '-0b10', '+0x10', '-1e2', '- .5'].map(value), [-16, -8, -2, 16, -100, -0.5]);
  });

  test('a number must end where it ends', () => {
    for (const bad of ['1.2.3', '1..2', '0x', '0xg', '1_', '1__0', '1e', '1e+', '0b2', '0o8', '1_.5', '-', '+', '.', '- x', '1.e']) {
      assert.deepEqual(valueRefusal(bad), ['invalid number', 12], bad);
    }
  });

  test('integers past 2^53 and floats past the double range are out of range; floats of whole numbers past 2^53 are not', () => {
    assert.equal(value('9007199254740991'), 9007199254740991);
    assert.equal(value('-9007199254740991'), -9007199254740991);
    assert.deepEqual(valueRefusal('9007199254740992'), ['number out of range', 12]);
    assert.deepEqual(valueRefusal('0x20000000000000'), ['number out of range', 12]);
    assert.deepEqual(valueRefusal('0b1' + '0'.repeat(53)), ['number out of range', 12]);
    assert.equal(value('0x1fffffffffffff'), 9007199254740991);
    assert.equal(value('9007199254740993.0'), 9007199254740992);
    assert.equal(value('1e300'), 1e300);
    assert.deepEqual(valueRefusal('-1e400'), ['number out of range', 12]);
  });

  test('a number of more than 400 characters is refused', () => {
    assert.deepEqual(valueRefusal('1'.repeat(401)), ['invalid number', 12]);
    assert.deepEqual(valueRefusal(`0.${'0'.repeat(398)}1`), ['invalid number', 12]);
    assert.equal(value(`0.${'0'.repeat(397)}1`), 0);
  });
});

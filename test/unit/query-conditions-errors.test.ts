import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogue } from '../../shared/catalogue';
import { compileQuery, parseDomain } from '../../shared/query';
import { thrown } from '../support/errors';

const partner = catalogue.get('res.partner')!;
const failure = (domain: unknown) => thrown(() => compileQuery(partner, parseDomain(domain), catalogue));
const said = (domain: unknown) => {
  const e = failure(domain);
  return { code: e.code, message: e.message, details: e.details };
};

test('a term the catalogue refuses names its position in the text, or its path in a JSON domain', () => {
  assert.deepEqual(said("[('nmae', '=', 1)]"), {
    code: 'DOMAIN',
    message: "search_domain: unknown field 'nmae' on model 'res.partner' at position 2",
    details: { path: 'search_domain', position: 2 },
  });
  assert.deepEqual(said([['name', '=', 'x'], ['nmae', '=', 1]]), {
    code: 'DOMAIN',
    message: "search_domain: unknown field 'nmae' on model 'res.partner' at search_domain[1][0]",
    details: { path: 'search_domain', at: 'search_domain[1][0]' },
  });
});

test('a domain text that cannot be read is quoted around the position, on one line, cut with ... where it goes on', () => {
  assert.deepEqual(said("'a'"), {
    code: 'DOMAIN',
    message: `search_domain: expected a list of terms at position 0: "'a'"`,
    details: { path: 'search_domain', position: 0 },
  });
  const broken = "[('a', '=' 1)]";
  assert.equal(failure(broken).message, `search_domain: expected ',' or ')', found '1' at position 11: "...('a', '=' 1)]"`);
  // Twenty characters from the position reach exactly the end: nothing is cut there.
  assert.equal(failure(`${broken}${'x'.repeat(17)}`).message, `search_domain: expected ',' or ')', found '1' at position 11: "...('a', '=' 1)]${'x'.repeat(17)}"`);
  assert.equal(failure(`${broken}${'x'.repeat(18)}`).message, `search_domain: expected ',' or ')', found '1' at position 11: "...('a', '=' 1)]${'x'.repeat(17)}..."`);
  const lines = "[('name', '=', 'x'),\n\n    ('city', '=' 'Paris'), ('ref', '=', 'A1')]";
  assert.equal(failure(lines).message, `search_domain: a term has 3 parts ('field', 'operator', value), this one has 2 at position 26: "...x'), ('city', '=' 'Paris'..."`);
});

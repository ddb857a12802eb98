/**
 * resolveRounds, the loop between a resolution and the store: rounds until nothing is needed, the
 * first failure reported after its round, a cap on rounds, and no silent end with references open.
 * The resolution here is scripted, so that each rule is seen on its own.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogue } from '../../shared/catalogue';
import { WebhookError } from '../../shared/envelope';
import { MAX_ROUNDS, resolveRounds, type RoundNeeds, type RoundResults } from '../../shared/resolver';
import { lookupKey, type RoundProtocol } from '../../shared/resolver/protocol';

const EMPTY_ANSWER: RoundResults = { lookups: new Map(), ids: new Map(), sequences: new Map() };
const needsIds = (n: number): RoundNeeds => ({ lookups: [], ids: new Map([['res.partner', n]]), sequences: new Map() });

/** A resolution that needs `rounds` rounds, fails after `failAfter` of them if set, and leaves `open` unresolved. */
function scripted(rounds: number, options: { failAfter?: number; open?: string[] } = {}) {
  const log: string[] = [];
  const failures: WebhookError[] = [];
  let accepted = 0;
  const resolution: RoundProtocol = {
    needs: () => (accepted < rounds ? needsIds(accepted + 1) : null),
    accept: (results) => {
      accepted++;
      log.push(`accept ${results.ids.get('res.partner')?.join(',')}`);
      if (accepted === options.failAfter) failures.push(new WebhookError('NOT_FOUND', `round ${accepted}`), new WebhookError('AMBIGUOUS', 'later'));
    },
    failures,
    unresolved: () => options.open ?? [],
  };
  let nextId = 100;
  const runner = {
    answer: async (needs: RoundNeeds) => {
      const n = needs.ids.get('res.partner') ?? 0;
      return { ...EMPTY_ANSWER, ids: new Map([['res.partner', Array.from({ length: n }, () => nextId++)]]) };
    },
    afterRound: async () => {
      log.push('after');
    },
  };
  return { resolution, runner, log };
}

test('rounds run until the resolution needs nothing, each answered with what it asked', async () => {
  const { resolution, runner, log } = scripted(3);
  await resolveRounds(resolution, runner);
  assert.deepEqual(log, ['accept 100', 'after', 'accept 101,102', 'after', 'accept 103,104,105', 'after']);
});

test('a resolution that needs nothing runs no round', async () => {
  const { resolution, runner, log } = scripted(0);
  await resolveRounds(resolution, runner);
  assert.deepEqual(log, []);
});

test('the first failure stops the rounds, after its round and its afterRound', async () => {
  const { resolution, runner, log } = scripted(4, { failAfter: 2 });
  await assert.rejects(resolveRounds(resolution, runner), (e) => e instanceof WebhookError && e.code === 'NOT_FOUND' && e.message === 'round 2');
  assert.deepEqual(log, ['accept 100', 'after', 'accept 101,102', 'after']);
});

test(`${MAX_ROUNDS} rounds are allowed; one more is refused before it is read`, async () => {
  const enough = scripted(MAX_ROUNDS);
  await resolveRounds(enough.resolution, enough.runner);
  assert.equal(enough.log.filter((l) => l.startsWith('accept')).length, MAX_ROUNDS);

  const deeper = scripted(MAX_ROUNDS + 1);
  await assert.rejects(resolveRounds(deeper.resolution, deeper.runner), (e) => {
    assert.ok(e instanceof WebhookError);
    assert.equal(e.code, 'LIMIT_EXCEEDED');
    assert.equal(e.message, 'auto_create records depend on each other more than 6 levels deep');
    return true;
  });
  assert.equal(deeper.log.filter((l) => l.startsWith('accept')).length, MAX_ROUNDS);
});

test('rounds that end with references unanswered are a fault, never a quiet success', async () => {
  const { resolution, runner } = scripted(1, { open: ['partner_id', 'order_line[0].product_id'] });
  await assert.rejects(resolveRounds(resolution, runner), (e) => {
    assert.ok(!(e instanceof WebhookError)); // an internal error, not a caller's mistake
    assert.equal((e as Error).message, 'resolution ended with unresolved references: partner_id, order_line[0].product_id');
    return true;
  });
});

test('a lookup batch is keyed by model, field and scope', () => {
  const partner = catalogue.get('res.partner')!;
  assert.equal(lookupKey(partner, 'ref', { company: 2 }), 'res.partner|ref|c2');
  assert.equal(lookupKey(partner, 'ref', 'any'), 'res.partner|ref|any');
});

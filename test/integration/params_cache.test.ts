import assert from 'node:assert/strict';
import { test } from 'node:test';
import { paramsProvider } from '../../shared/params';
import { useTestApi } from '../support/api';
import { freezeClock, paramsPeriodMs } from '../support/clock';

// A prefix of its own, with no parameter stored: every parameter has its default.
const api = useTestApi();

test('with no parameter stored, SSM is still read once per cache period, not on every request', async (t) => {
  let reads = 0;
  paramsProvider.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'GetParametersByPathCommand') reads++;
      return next(args);
    },
    { step: 'initialize', name: 'countReads' },
  );
  // The clock is frozen: it moves only by a whole period, here.
  const period = paramsPeriodMs();
  const clock = freezeClock(t);
  try {
    const search = async () => {
      const res = await api.call('/api/search_data', { model: 'res.partner', vals: { payload: { limit: 1 } } });
      assert.equal(res.body.result.is_success, true);
    };
    clock.tick(period);
    for (let i = 0; i < 20; i++) await search();
    assert.equal(reads, 1, '20 requests in one cache period: one read of the prefix');
    clock.tick(period);
    for (let i = 0; i < 5; i++) await search();
    assert.equal(reads, 2, 'and one more in the next period');
  } finally {
    clock.reset();
    paramsProvider.client.middlewareStack.remove('countReads');
  }
});

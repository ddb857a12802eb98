import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { paramsProvider } from '../../shared/params';
import { startTestApi, type TestApi } from '../support/api';

// A prefix of its own, with no parameter stored: every parameter has its default.
let api: TestApi;
before(async () => {
  api = await startTestApi();
});
after(() => api.stop());

test('with no parameter stored, SSM is still read once per cache period, not on every request', async () => {
  let reads = 0;
  paramsProvider.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'GetParametersByPathCommand') reads++;
      return next(args);
    },
    { step: 'initialize', name: 'countReads' },
  );
  const started = Date.now();
  let requests = 0;
  while (requests < 20) {
    const res = await api.call('/api/search_data', { model: 'res.partner', vals: { payload: { limit: 1 } } });
    assert.equal(res.body.result.is_success, true);
    requests++;
  }
  const periods = Math.ceil((Date.now() - started) / 1000 / Number(process.env.PARAMS_CACHE_SECONDS ?? 1));
  assert.ok(reads <= periods + 1, `${reads} reads of the prefix for ${requests} requests over ${periods} cache periods`);
});

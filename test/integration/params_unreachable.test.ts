import assert from 'node:assert/strict';
import { test } from 'node:test';
import { paramsProvider } from '../../shared/params';
import { useTestApi } from '../support/api';
import { latestLog } from '../support/logs';
import { injectFault } from '../support/faults';

/** Its own file: the functions of this process must not have read SSM before the fault. */
const api = useTestApi();

test('with SSM unreachable from the first request on, requests succeed with the defaults', async () => {
  await api.setParam('create_data_log', 'false');
  await api.setParam('preview_limit', '10');
  const heal = injectFault(paramsProvider.client, (command) => command === 'GetParametersByPathCommand', 'TimeoutError');
  try {
    const res = await api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name: 'x', street: 's'.repeat(2100) } } });
    assert.equal(res.body.result.is_success, true);
  } finally {
    heal();
  }
  const log = await latestLog();
  assert.equal(log.data_preview.length, 2000 + 4, 'logged (create_data_log true), cut at preview_limit 2000');
});

import { functionLogLines } from '../support/function-logs';
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { PARAMS_WAIT_MS, PARAM_NAMES, defaultText, paramsProvider } from '../../shared/params';
import { startTestApi, type TestApi } from '../support/api';
import { allLogs, latestLog, sleep, waitForParams } from '../support/logs';
import { injectFault } from '../support/faults';

let api: TestApi;
before(async () => {
  api = await startTestApi();
});
after(() => api.stop());
afterEach(async () => {
  await Promise.all(PARAM_NAMES.map((name) => api.setParam(name, defaultText(name))));
  await waitForParams();
});

const create = (name = 'x', street?: string) => api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name, street } } });
const logCount = async () => (await allLogs()).length;

/** GetParametersByPath calls the functions' SSM client sends while `fn` runs. */
async function ssmReads<T>(fn: () => Promise<T>): Promise<{ result: T; reads: number }> {
  let reads = 0;
  const name = 'countReads';
  paramsProvider.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'GetParametersByPathCommand') reads++;
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    return { result: await fn(), reads };
  } finally {
    paramsProvider.client.middlewareStack.remove(name);
  }
}

test('a parameter set through the SSM API changes behaviour within the cache period', async () => {
  await create();
  // As `aws ssm put-parameter --name <prefix>preview_limit --value 50 --overwrite` does.
  await api.setParam('preview_limit', '50');
  const setAt = Date.now();
  let changedAfter = -1;
  while (Date.now() - setAt < 5000) {
    await create('y'.repeat(100));
    if ((await latestLog()).data_preview.length === 54) {
      changedAfter = Date.now() - setAt;
      break;
    }
    await sleep(50);
  }
  assert.ok(changedAfter >= 0 && changedAfter <= 1000 + 500, `the change took ${changedAfter} ms (cache 1 s)`);
});

test('an invalid value falls back to its default, never fails a request, and is reported once', async () => {
  await api.setParam('preview_limit', 'lots');
  await api.setParam('create_data_log', 'maybe');
  await waitForParams();
  const before = await logCount();
  const { result, lines } = await functionLogLines(async () => {
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await create('z', 'z'.repeat(2100)));
    await waitForParams();
    answers.push(await create());
    return answers;
  });
  assert.ok(result.every((r) => r.body.result.is_success === true));
  assert.equal(await logCount(), before + 4, 'create_data_log falls back to true');
  const cut = (await allLogs())[1]!;
  assert.ok(cut.data_preview.endsWith(' ...') && cut.data_preview.length === 2004, 'preview_limit falls back to 2000');
  const reports = lines.filter((l) => l.message === 'Invalid parameter value ignored; using its default');
  assert.deepEqual(
    reports.map((l) => [l.parameter, l.value]).sort(),
    [
      [`${api.prefix}create_data_log`, 'maybe'],
      [`${api.prefix}preview_limit`, 'lots'],
    ],
  );
});

test('with SSM unreachable, requests go on with the last values read, and the outage is reported once', async () => {
  await api.setParam('create_data_log', 'false');
  await waitForParams();
  await create();
  const before = await logCount();
  const heal = injectFault(paramsProvider.client, (command) => command === 'GetParametersByPathCommand', 'TimeoutError');
  try {
    const { result, lines } = await functionLogLines(async () => {
      const answers = [await create()];
      await waitForParams();
      answers.push(await create(), await create());
      return answers;
    });
    assert.ok(result.every((r) => r.status === 200 && r.body.result.is_success === true));
    assert.equal(await logCount(), before, 'create_data_log is still off');
    assert.equal(lines.filter((l) => String(l.message).startsWith('SSM parameters unreadable')).length, 1);
  } finally {
    heal();
  }
  await api.setParam('create_data_log', 'true');
  await waitForParams();
  await create();
  assert.equal(await logCount(), before + 1, 'SSM is read again once it answers');
});

test('a request waits on a slow SSM at most about 2 s, then goes on with the last values read', async () => {
  await api.setParam('create_data_log', 'false');
  await waitForParams();
  await create();
  const before = await logCount();
  // SSM answers, but only after 8 s (or once the test is over).
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const name = 'slowSsm';
  paramsProvider.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'GetParametersByPathCommand') await Promise.race([released, sleep(8000)]);
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    await waitForParams();
    const started = performance.now();
    const res = await create();
    const waited = performance.now() - started;
    assert.equal(res.body.result.is_success, true);
    assert.ok(waited >= PARAMS_WAIT_MS - 100 && waited < PARAMS_WAIT_MS + 1500, `the request took ${waited.toFixed(0)} ms`);
    assert.equal(await logCount(), before, 'create_data_log is still off: the last values read');
  } finally {
    paramsProvider.client.middlewareStack.remove(name);
    release();
  }
});

test('each container reads the prefix once per cache period, and requests arriving together share the read', async () => {
  await Promise.all(PARAM_NAMES.map((name) => api.setParam(name, defaultText(name))));
  const pages = Math.ceil(PARAM_NAMES.length / 10); // SSM returns at most 10 parameters a page
  await waitForParams();
  const steady = await ssmReads(async () => {
    const until = Date.now() + 3000;
    let requests = 0;
    while (Date.now() < until) {
      await create();
      requests++;
    }
    return requests;
  });
  assert.ok(steady.reads <= pages * 4, `${steady.reads} reads for ${steady.result} requests in 3 s`);
  assert.ok(steady.result > 10 && steady.reads < steady.result);

  await waitForParams();
  const burst = await ssmReads(() => Promise.all(Array.from({ length: 10 }, () => create())));
  assert.ok(burst.result.every((r) => r.body.result.is_success === true));
  assert.equal(burst.reads, pages, '10 requests at once, one read of the prefix');
});

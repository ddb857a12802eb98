import { functionLogLines } from '../support/function-logs';
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { setImmediate, setTimeout as sleep } from 'node:timers/promises';
import { PARAM_NAMES, defaultText, paramsProvider } from '../../shared/params';
import { useTestApi, type RpcAnswer } from '../support/api';
import { freezeClock, paramsPeriodMs } from '../support/clock';
import { allLogs, logOf } from '../support/logs';
import { paramsReadAgain } from '../support/params';
import { injectFault } from '../support/faults';
import { createData } from '../support/rpc';

// The functions run in this process, so the tests freeze their clock where a cache period must
// not pass, and move it past the period where one must: nothing here waits for the clock.
const api = useTestApi();
afterEach(() => api.setParams(Object.fromEntries(PARAM_NAMES.map((name) => [name, defaultText(name)]))));

const create = (name = 'x', street?: string) => createData(api, 'res.partner', { payload: { name, street } });
const logCount = async () => (await allLogs()).length;
const previewLength = async (answer: RpcAnswer) => (await logOf(answer)).data_preview.length;
/** The preview of `create('y'.repeat(100))` when it is not cut. */
const WHOLE = JSON.stringify({ model: 'res.partner', vals: { payload: { name: 'y'.repeat(100) } } }).length;

/** Polls until `done`, with a deadline. */
async function until(done: () => boolean, deadlineMs = 30_000): Promise<void> {
  const deadline = performance.now() + deadlineMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`not done within ${deadlineMs} ms`);
    await sleep(20);
  }
}

type Handler = (args: { input: object }) => Promise<{ output: object }>;
type Middleware = (next: Handler, context: { commandName?: string }) => Handler;

/** Runs `fn` with a middleware on the functions' SSM client, around GetParametersByPath calls only. */
async function aroundReads<T>(
  around: (next: () => Promise<{ output: object }>, input: { NextToken?: string }) => Promise<{ output: object }>,
  fn: () => Promise<T>,
): Promise<T> {
  const stack = paramsProvider.client.middlewareStack as unknown as { add(mw: Middleware, o: object): void; remove(name: string): boolean };
  const name = `around-${Math.random().toString(36).slice(2)}`;
  stack.add((next, context) => (args) => (context.commandName === 'GetParametersByPathCommand' ? around(() => next(args), args.input) : next(args)), {
    step: 'initialize',
    name,
  });
  try {
    return await fn();
  } finally {
    stack.remove(name);
  }
}

/**
 * Reads of the prefix the functions begin while `fn` runs (SSM pages the prefix: a read begins with
 * a page asked without a token, ends with one answered without). Returns once each has ended and
 * its values are kept: a read slower than the requests' wait must not land in the next window.
 */
async function ssmReads<T>(fn: () => Promise<T>): Promise<{ result: T; reads: number }> {
  let reads = 0;
  let ended = 0;
  const around = async (next: () => Promise<{ output: object }>, input: { NextToken?: string }) => {
    if (!input.NextToken) reads++;
    const out = await next();
    if (!(out.output as { NextToken?: string }).NextToken) ended++;
    return out;
  };
  const result = await aroundReads(around, async () => {
    const result = await fn();
    await until(() => ended >= reads);
    await setImmediate();
    return result;
  });
  return { result, reads };
}

test('a parameter set through the SSM API changes behaviour at the end of the cache period, not before', async (t) => {
  const period = paramsPeriodMs();
  const clock = freezeClock(t);
  try {
    clock.tick(period);
    await create(); // reads the parameters: they are fresh for one period from now
    // As `aws ssm put-parameter --name <prefix>preview_limit --value 50 --overwrite` does.
    await api.setParam('preview_limit', '50');
    assert.equal(await previewLength(await create('y'.repeat(100))), WHOLE, 'the cached value');
    clock.tick(period - 1);
    assert.equal(await previewLength(await create('y'.repeat(100))), WHOLE, 'still cached, a millisecond before the period ends');
    clock.tick(1);
    assert.equal(await previewLength(await create('y'.repeat(100))), 54, 'the first request of the next period reads the new value');
  } finally {
    clock.reset();
  }
});

test('an invalid value falls back to its default, never fails a request, and is reported once', async () => {
  const before = await logCount();
  const { result, lines } = await functionLogLines(async () => {
    await api.setParams({ preview_limit: 'lots', create_data_log: 'maybe' });
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await create('z', 'z'.repeat(2100)));
    await paramsReadAgain();
    answers.push(await create());
    return answers;
  });
  assert.ok(result.every((r) => r.body.result.is_success === true));
  assert.equal(await logCount(), before + 4, 'create_data_log falls back to true');
  const cut = await logOf(result[2]!);
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

test('with SSM unreachable, requests go on with the last values read, SSM is asked once a period, and the outage is reported once', async (t) => {
  await api.setParams({ create_data_log: 'false' });
  const period = paramsPeriodMs();
  const clock = freezeClock(t);
  try {
    const before = await logCount();
    let asked = 0;
    const heal = injectFault(paramsProvider.client, (command) => command === 'GetParametersByPathCommand' && ++asked > 0, 'TimeoutError');
    try {
      const { result, lines } = await functionLogLines(async () => {
        clock.tick(period);
        const answers = [await create(), await create()];
        clock.tick(period);
        answers.push(await create(), await create());
        return answers;
      });
      assert.ok(result.every((r) => r.status === 200 && r.body.result.is_success === true));
      assert.equal(await logCount(), before, 'create_data_log is still off');
      assert.equal(asked, 2, 'a failed read leaves SSM alone for one period');
      assert.equal(lines.filter((l) => String(l.message).startsWith('SSM parameters unreadable')).length, 1);
    } finally {
      heal();
    }
    await api.setParam('create_data_log', 'true');
    clock.tick(period);
    await create();
    assert.equal(await logCount(), before + 1, 'SSM is read again once it answers');
  } finally {
    clock.reset();
  }
});

test('a request does not wait on a slow SSM past its wait: it goes on with the last values read', async (t) => {
  await api.setParams({ create_data_log: 'false' });
  const clock = freezeClock(t);
  // SSM answers only once the request has been answered.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let asked = false;
  try {
    const before = await logCount();
    clock.tick(paramsPeriodMs());
    const res = await aroundReads(
      async (next) => {
        asked = true;
        await released;
        return next();
      },
      () => create(),
    );
    assert.equal(asked, true, 'the request asked SSM');
    assert.equal(res.body.result.is_success, true);
    assert.equal(await logCount(), before, 'create_data_log is still off: the last values read');
  } finally {
    release();
    clock.reset();
  }
});

test('an answer of SSM that comes after a later read has answered is dropped: it holds older values', async (t) => {
  const period = paramsPeriodMs();
  const clock = freezeClock(t);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  // The first read's answer (60) is held past the request's wait; the next read's (50) is not.
  let phase: 'hold' | 'pass' | 'late' = 'hold';
  let lateAnswered = false;
  const around = async (next: () => Promise<{ output: object }>) => {
    const out = await next();
    if (phase === 'hold') await released;
    if (phase === 'late' && !(out.output as { NextToken?: string }).NextToken) lateAnswered = true;
    return out;
  };
  try {
    await aroundReads(around, async () => {
      await api.setParam('preview_limit', '60');
      clock.tick(period);
      assert.equal(await previewLength(await create('y'.repeat(100))), WHOLE, 'the request went on with the last values read');
      phase = 'pass';
      await api.setParam('preview_limit', '50');
      clock.tick(period);
      assert.equal(await previewLength(await create('y'.repeat(100))), 54, 'the next read answered at once');
      phase = 'late';
      release();
      await until(() => lateAnswered);
      await setImmediate();
      assert.equal(await previewLength(await create('y'.repeat(100))), 54, 'the late answer (60) is not kept');
    });
  } finally {
    release();
    clock.reset();
  }
});

test('each container reads the prefix once per cache period, and requests arriving together share the read', async (t) => {
  const period = paramsPeriodMs();
  const clock = freezeClock(t);
  try {
    clock.tick(period);
    const steady = await ssmReads(async () => {
      for (let i = 0; i < 20; i++) await create();
      clock.tick(period - 1);
      for (let i = 0; i < 5; i++) await create();
    });
    assert.equal(steady.reads, 1, '25 requests within one period: one read of the prefix');

    clock.tick(1);
    const burst = await ssmReads(() => Promise.all(Array.from({ length: 10 }, () => create())));
    assert.ok(burst.result.every((r) => r.body.result.is_success === true));
    assert.equal(burst.reads, 1, '10 requests at once, once the period is over: one read of the prefix');
  } finally {
    clock.reset();
  }
});

/**
 * Users' lifecycle as operators run it (`npm run users -- ...`): each change that takes rights away
 * ends the user's sessions at once on the local stack; `/web/session/destroy` ends one session.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { newSessionId, saveSession, UserChangedError } from '../../shared/auth/sessions';
import { findUser } from '../../shared/auth/users';
import { useTestApi, type RpcAnswer } from '../support/api';
import { login, sessionCookieOf } from '../support/auth';
import { localDataDir, runCli, type Run } from '../support/cli';
import { unique } from '../support/records';

let dataDir: string;
const api = useTestApi(async () => {
  dataDir = localDataDir(api);
});
after(async () => {
  rmSync(dataDir, { recursive: true, force: true });
});

const PASSWORD = 'first pass phrase';
const cli = (args: string[], stdin?: string): Promise<Run> => runCli(args, { dataDir, stdin });
const ok = (run: Run) => assert.equal(run.code, 0, run.stderr);

async function newUser(extra: string[] = []): Promise<string> {
  const name = unique('user-');
  ok(await cli(['users', 'create', '--login', name, '--company-id', '1', ...extra], `${PASSWORD}\n`));
  return name;
}

const logIn = (user: string, password = PASSWORD) => login(api, { db: 'webhook', login: user, password });
const session = async (user: string, password = PASSWORD) => sessionCookieOf(await logIn(user, password));
const searchWith = (cookie: string): Promise<RpcAnswer> => api.call('/api/search_data', { model: 'res.company', vals: {} }, { key: null, headers: { cookie } });

function assertWorks(res: RpcAnswer): void {
  assert.equal(res.status, 200, JSON.stringify(res.body));
}
function assertEnded(res: RpcAnswer): void {
  assert.equal(res.status, 401, JSON.stringify(res.body));
  assert.equal(res.body.error.message, 'Session expired');
}

describe('users list and create --operator', () => {
  test('list shows every user with its companies, whether an operator and whether disabled; --json one object per line', async () => {
    const operator = await newUser(['--operator', '--allowed-company-ids', 'all']);
    const plain = await newUser();
    ok(await cli(['users', 'disable', plain]));
    const [table, json] = await Promise.all([cli(['users', 'list']), cli(['users', 'list', '--json'])]);
    ok(table);
    assert.match(table.stdout, /^LOGIN\s+UID\s+NAME\s+COMPANY\s+COMPANIES\s+OPERATOR\s+STATE\s+CREATED$/m);
    assert.match(table.stdout, new RegExp(`^${operator}\\s+\\d+\\s+${operator}\\s+1\\s+all\\s+yes\\s+active\\s+\\d{4}-`, 'm'));
    assert.match(table.stdout, new RegExp(`^${plain}\\s+\\d+\\s+${plain}\\s+1\\s+1\\s+no\\s+disabled\\s+\\d{4}-`, 'm'));
    const listed = json.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const mine = listed.find((u) => u.login === operator);
    assert.deepEqual({ ...mine, uid: 0, created_at: '' }, {
      login: operator, uid: 0, name: operator, company_id: 1, allowed_company_ids: 'all', routes: null, models: null,
      operator: true, disabled: false, created_at: '', gateway_key_id: null,
    });
    assert.ok(!json.stdout.includes('scrypt') && !json.stdout.includes('usageKey'), 'no password hash or usage key');
  });
});

describe('what ends sessions', () => {
  test('disable ends every session at once and refuses logins; enable lets the user log in again', async () => {
    const user = await newUser();
    const [a, b] = [await session(user), await session(user)];
    assertWorks(await searchWith(a));
    const disabled = await cli(['users', 'disable', user]);
    ok(disabled);
    assert.equal(disabled.stdout, `User '${user}' disabled. 2 sessions ended.\n`);
    assertEnded(await searchWith(a));
    assertEnded(await searchWith(b));
    assert.equal((await logIn(user)).status, 401, 'a disabled user cannot log in, with the right password');
    ok(await cli(['users', 'enable', user]));
    assertWorks(await searchWith(await session(user)));
    assertEnded(await searchWith(a));
  });

  test('passwd sets the password from stdin and ends every session', async () => {
    const user = await newUser();
    const before = await session(user);
    const changed = await cli(['users', 'passwd', user], 'second pass phrase\n');
    ok(changed);
    assert.match(changed.stdout, /has a new password\. 1 session ended\./);
    assertEnded(await searchWith(before));
    assert.equal((await logIn(user)).status, 401, 'the old password no longer works');
    assertWorks(await searchWith(await session(user, 'second pass phrase')));
    const short = await cli(['users', 'passwd', user], 'short\n');
    assert.equal(short.code, 2);
    assert.match(short.stderr, /at least 8 characters/);
  });

  test('sessions revoke ends every session of the user, and only of that user; the user may log in again', async () => {
    const [user, other] = [await newUser(), await newUser()];
    const mine = [await session(user), await session(user)];
    const theirs = await session(other);
    const revoked = await cli(['users', 'sessions', 'revoke', user]);
    ok(revoked);
    assert.match(revoked.stdout, /2 sessions ended/);
    for (const cookie of mine) assertEnded(await searchWith(cookie));
    assertWorks(await searchWith(theirs));
    assertWorks(await searchWith(await session(user)));
  });

  test('delete removes the user and ends its sessions; a second delete says there is no such user', async () => {
    const user = await newUser();
    const cookie = await session(user);
    ok(await cli(['users', 'delete', user]));
    assertEnded(await searchWith(cookie));
    assert.equal((await logIn(user)).status, 401);
    assert.equal(await findUser(user), null);
    assert.ok(!(await cli(['users', 'list'])).stdout.includes(user));
    const again = await cli(['users', 'delete', user]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /no such user/);
  });

  test('a login that read the user before its sessions were ended leaves no session behind', async () => {
    const user = await newUser();
    const read = (await findUser(user))!;
    ok(await cli(['users', 'sessions', 'revoke', user]));
    const late = { login: user, uid: read.uid, principal: read.principal, usageKey: read.usageKey, createdAt: new Date().toISOString(), expiresAt: Math.floor(Date.now() / 1000) + 60 };
    await assert.rejects(saveSession(newSessionId(), late, read.sessionGeneration), UserChangedError);
  });
});

describe('/web/session/destroy', () => {
  const destroy = (cookie?: string) =>
    api.post('/web/session/destroy', JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 9, params: {} }), cookie ? { cookie } : {});

  test("ends the session of its cookie, as Odoo's logout: result null, the cookie cleared, and it no longer works", async () => {
    const user = await newUser();
    const [cookie, other] = [await session(user), await session(user)];
    const res = await destroy(cookie);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { jsonrpc: '2.0', id: 9, result: null });
    assert.match(res.headers.get('set-cookie') ?? '', /^session_id=; HttpOnly; Path=\/; SameSite=Lax; Max-Age=0$/);
    assertEnded(await searchWith(cookie));
    assertWorks(await searchWith(other));
  });

  test('without a live session it is refused as the routes refuse one', async () => {
    const user = await newUser();
    const cookie = await session(user);
    await destroy(cookie);
    const again = await destroy(cookie);
    assert.equal(again.status, 401);
    assert.equal(again.body.error.message, 'Session expired');
    const none = await destroy();
    assert.equal(none.status, 401);
    assert.equal(none.body.error.data.code, 'UNAUTHENTICATED');
  });
});

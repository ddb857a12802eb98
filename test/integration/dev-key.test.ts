import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ensureDevKey } from '../../local/dev-key';
import { useTestApi } from '../support/api';
import { createData } from '../support/rpc';

const api = useTestApi();

const create = (key: string) => createData(api, 'res.partner', { payload: { name: 'by dev key' } }, { key });

test('the development key is kept while its file lasts; a new one replaces it, and the old one stops working', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dev-key-'));
  try {
    const file = join(dir, 'dev-api-key');
    const first = await ensureDevKey(file);
    assert.equal(await ensureDevKey(file), first);
    rmSync(file);
    const second = await ensureDevKey(file);
    assert.notEqual(second, first);
    for (const old of [api.key, first]) {
      const res = await create(old);
      assert.equal(res.status, 401);
      assert.equal(res.body.error.message, 'Invalid apikey');
    }
    assert.equal((await create(second)).body.result.is_success, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

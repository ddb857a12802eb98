import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dynamoClient } from '../../shared/store';
import { catalogue } from '../../shared/catalogue';
import { recordKey } from '../../shared/store/keys';
import { startTestApi, type TestApi } from '../support/api';
import { injectFault } from '../support/faults';
import { readBack, unique, writeRecords } from '../support/records';
import { outcome } from '../support/rpc';

// A write of several transactions fails after one of them committed; before its undo runs, another
// request changes a record that transaction wrote. The undo must not overwrite that change.

let api: TestApi;
before(async () => {
  api = await startTestApi();
});
after(() => api.stop());

type Handler = (args: { input: object }) => Promise<unknown>;
type Middleware = (next: Handler, context: { commandName?: string }) => Handler;
type Keyed = { Put?: { Item?: Record<string, unknown> }; Update?: { Key?: Record<string, unknown> } };

/** A key attribute as the document client writes it, or in DynamoDB's attribute-value form. */
const text = (v: unknown): unknown => (v && typeof v === 'object' && 'S' in v ? (v as { S: string }).S : v);
const itemsOf = (input: object): Keyed[] => (input as { TransactItems?: Keyed[] }).TransactItems ?? [];
const updates = (t: Keyed[], key: { pk: string; sk: string }) => t.some((i) => text(i.Update?.Key?.pk) === key.pk && text(i.Update?.Key?.sk) === key.sk);
/** A transaction of a write of several: it puts its journal entry. */
const writesJournal = (t: Keyed[]) => t.some((i) => String(text(i.Put?.Item?.pk)).startsWith('J#'));
/** An undo: it changes a journal entry (committed to undone). */
const marksJournal = (t: Keyed[]) => t.some((i) => String(text(i.Update?.Key?.pk)).startsWith('J#'));

test('an undo leaves a record another request changed between the commit and the undo, and the answer says part of the request stayed', async () => {
  // 110 contacts, one item each to update: two transactions.
  const [parent] = await writeRecords('res.partner', 1, () => ({ name: unique('Parent '), company_id: 1, active: true }));
  const ids = await writeRecords('res.partner', 110, (i) => ({ name: `Contact ${i}`, parent_id: parent!, city: 'Before', company_id: 1, active: true }));
  const target = ids[0]!;
  const targetKey = recordKey(catalogue.get('res.partner')!, target);

  // The transaction without the target fails; the one with it commits. Its undo waits for a
  // concurrent update of the target to land.
  const heal = injectFault(dynamoClient, (command, input) => command === 'TransactWriteItemsCommand' && writesJournal(itemsOf(input)) && !updates(itemsOf(input), targetKey), 'conflict');
  let concurrent: Promise<unknown> | undefined;
  const stack = dynamoClient.middlewareStack as unknown as { add(mw: Middleware, o: object): void; remove(name: string): boolean };
  stack.add(
    (next, context) => async (args) => {
      const items = itemsOf(args.input);
      if (!concurrent && context.commandName === 'TransactWriteItemsCommand' && marksJournal(items) && updates(items, targetKey)) {
        concurrent = outcome(api, 'update_data', 'res.partner', { search_key: { id: target }, payload: { city: 'Concurrent' } });
        assert.equal(((await concurrent) as { is_success: boolean }).is_success, true);
      }
      return next(args);
    },
    { step: 'initialize', name: 'holdUndo' },
  );
  let answer;
  try {
    answer = await outcome(api, 'update_data', 'res.partner', { search_key: { parent_id: parent }, payload: { city: 'Batch' }, multi: true });
  } finally {
    heal();
    stack.remove('holdUndo');
  }

  assert.ok(concurrent, `the undo of the committed transaction ran: ${JSON.stringify(answer)}`);
  assert.equal(answer.is_success, false);
  assert.equal(answer.error.code, 'CONFLICT');
  assert.ok(
    answer.messages.endsWith(`Part of the request stayed: other requests changed res.partner,${target} meanwhile, and their changes are kept.`),
    answer.messages,
  );
  assert.equal((await readBack('res.partner', target))?.city, 'Concurrent', "the other request's change stays");
  const others = await Promise.all(ids.slice(1).map((id) => readBack('res.partner', id)));
  assert.deepEqual([...new Set(others.map((r) => r?.city))], ['Before'], 'every other record is as it was');
});

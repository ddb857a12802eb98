/**
 * Capacity units per partition key, priced from the DynamoDB calls a request made (their wire
 * input, and the items their answers held) by DynamoDB's size rules: a write unit per started KB
 * written (twice in a transaction, a condition check included), a strongly consistent read unit
 * per started 4 KB read (a Query's items summed, a GetItem's each), at least one a call.
 *
 * Where the call does not show the size (an UpdateItem changes an item it does not send whole, a
 * Delete removes one it does not send), the part sent is priced: a lower bound, the same on both
 * sides of a comparison. A projection does not lower DynamoDB's price, but hides the rest of an
 * item: reads of projected index entries are priced as read.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { dynamoClient } from '../../shared/store/client';

export interface Priced {
  /** Partition key, prefixed by the table's role (`records`, `logs`, `logs/byRoute`). */
  key: string;
  wcu: number;
  rcu: number;
}

type Wire = Record<string, AttributeValue>;

const valueSize = (v: AttributeValue): number => {
  if (v.S !== undefined) return Buffer.byteLength(v.S, 'utf8');
  if (v.N !== undefined) return Math.ceil(v.N.replace(/^-|\./g, '').length / 2) + 1;
  if (v.B !== undefined) return v.B.length;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.SS) return v.SS.reduce((a, s) => a + Buffer.byteLength(s, 'utf8'), 0);
  if (v.NS) return v.NS.reduce((a, n) => a + Math.ceil(n.length / 2) + 1, 0);
  if (v.L) return 3 + v.L.reduce((a, e) => a + 1 + valueSize(e), 0);
  if (v.M) return 3 + itemSize(v.M);
  return 1;
};
export const itemSize = (item: Wire): number =>
  Object.entries(item).reduce((a, [name, v]) => a + Buffer.byteLength(name, 'utf8') + valueSize(v), 0);

const kb = (bytes: number, unit: number) => Math.max(1, Math.ceil(bytes / unit));

/** The log table's listings: each a global secondary index with its own partition key attribute. */
const LOG_INDEXES: Record<string, string> = { routeKey: 'byRoute', stateKey: 'byState', modelKey: 'byModel' };

export function price(command: string, input: Record<string, any>, output: Record<string, any> | undefined, roles: Record<string, string>): Priced[] {
  const out: Priced[] = [];
  const role = (table: string) => roles[table] ?? table;
  const write = (table: string, item: Wire, factor: number) => {
    const wcu = factor * kb(itemSize(item), 1024);
    out.push({ key: `${role(table)} ${item.pk?.S ?? '?'}`, wcu, rcu: 0 });
    if (role(table) === 'logs') {
      for (const [attr, index] of Object.entries(LOG_INDEXES)) if (item[attr]?.S) out.push({ key: `logs/${index} ${item[attr].S}`, wcu, rcu: 0 });
    }
  };
  const updateSize = (u: Record<string, any>) => itemSize({ ...u.Key, ...(u.ExpressionAttributeValues ?? {}) });
  switch (command.replace(/Command$/, '')) {
    case 'TransactWriteItems':
      for (const t of input.TransactItems as Record<string, any>[]) {
        if (t.Put) write(t.Put.TableName, t.Put.Item, 2);
        else if (t.Update) out.push({ key: `${role(t.Update.TableName)} ${t.Update.Key.pk.S}`, wcu: 2 * kb(updateSize(t.Update), 1024), rcu: 0 });
        else if (t.Delete) out.push({ key: `${role(t.Delete.TableName)} ${t.Delete.Key.pk.S}`, wcu: 2, rcu: 0 });
        else if (t.ConditionCheck) out.push({ key: `${role(t.ConditionCheck.TableName)} ${t.ConditionCheck.Key.pk.S}`, wcu: 2, rcu: 0 });
      }
      break;
    case 'PutItem':
      write(input.TableName, input.Item, 1);
      break;
    case 'UpdateItem':
      out.push({ key: `${role(input.TableName)} ${input.Key.pk.S}`, wcu: kb(updateSize(input), 1024), rcu: 0 });
      break;
    case 'DeleteItem':
      out.push({ key: `${role(input.TableName)} ${input.Key.pk.S}`, wcu: 1, rcu: 0 });
      break;
    case 'BatchWriteItem':
      for (const [table, requests] of Object.entries(input.RequestItems as Record<string, Record<string, any>[]>)) {
        for (const r of requests) {
          if (r.PutRequest) write(table, r.PutRequest.Item, 1);
          else out.push({ key: `${role(table)} ${r.DeleteRequest.Key.pk.S}`, wcu: 1, rcu: 0 });
        }
      }
      break;
    case 'GetItem':
      out.push({ key: `${role(input.TableName)} ${input.Key.pk.S}`, wcu: 0, rcu: kb(output?.Item ? itemSize(output.Item) : 0, 4096) });
      break;
    case 'BatchGetItem':
      for (const [table, req] of Object.entries(input.RequestItems as Record<string, { Keys: Wire[] }>)) {
        const found = new Map<string, Wire>(((output?.Responses?.[table] ?? []) as Wire[]).map((i) => [`${i.pk?.S}\u0001${i.sk?.S}`, i]));
        for (const k of req.Keys) {
          const item = found.get(`${k.pk?.S}\u0001${k.sk?.S}`);
          out.push({ key: `${role(table)} ${k.pk?.S}`, wcu: 0, rcu: kb(item ? itemSize(item) : 0, 4096) });
        }
      }
      break;
    case 'Query': {
      const pk = Object.values((input.ExpressionAttributeValues ?? {}) as Wire)[0]?.S ?? '?';
      const bytes = ((output?.Items ?? []) as Wire[]).reduce((a, i) => a + itemSize(i), 0);
      const index = input.IndexName ? `/${input.IndexName}` : '';
      out.push({ key: `${role(input.TableName)}${index} ${pk}`, wcu: 0, rcu: kb(bytes, 4096) / (input.ConsistentRead ? 1 : 2) });
      break;
    }
  }
  return out;
}

interface Seen {
  command: string;
  input: Record<string, any>;
  output?: Record<string, any>;
}
const seen: Seen[] = [];
let installed = false;

/** A DynamoDB call as sent (wire form), with its units. */
export interface PricedCall {
  command: string;
  input: Record<string, any>;
  priced: Priced[];
}

/** Runs `fn`, with every DynamoDB call made meanwhile in this process, input and answer in wire form, priced. */
export async function priceCalls<T>(fn: () => Promise<T>, roles: Record<string, string>): Promise<{ result: T; priced: Priced[]; calls: PricedCall[] }> {
  if (!installed) {
    installed = true;
    // At the build step the document client has marshalled its input and not yet unmarshalled the answer.
    dynamoClient.middlewareStack.add(
      (next, context) => async (args) => {
        const res = await next(args);
        seen.push({ command: String(context.commandName), input: args.input as Record<string, any>, output: res.output as Record<string, any> });
        return res;
      },
      { step: 'build', priority: 'low', name: 'benchPricer' },
    );
  }
  const from = seen.length;
  const result = await fn();
  const calls = seen.splice(from).map((c) => ({ command: c.command, input: c.input, priced: price(c.command, c.input, c.output, roles) }));
  return { result, priced: calls.flatMap((c) => c.priced), calls };
}

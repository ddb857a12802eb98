import type { Model } from '../catalogue';
import type { Claim } from '../plan';
import { VERSION, type DerivedItem, type Item } from './items';
import { claimKey, recordKey } from './keys';
import type { ItemAbout, TxItem } from './types';

/**
 * The single items of a transaction (puts and deletes of records, index entries, guards and
 * claims), each paired with the item that undoes it.
 */
/** How long a search-key claim holds off a second create with the same key. */
export const CLAIM_SECONDS = 60;

/** A new record, put only if absent. */
export function putRecord(table: string, item: Item, about: ItemAbout): TxItem {
  const key = { pk: item.pk, sk: item.sk };
  return sized({
    write: {
      Put: {
        TableName: table,
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    // A record another request changed since it was created keeps that change: its undo is refused.
    undo: {
      Delete: {
        TableName: table,
        Key: key,
        ConditionExpression: '#v = :created',
        ExpressionAttributeNames: { '#v': VERSION },
        ExpressionAttributeValues: { ':created': item[VERSION] },
      },
    },
    about,
  });
}

/** The condition that a unique guard is held by record `id` (or, with `orFree`, by nobody). */
function heldBy(id: number, orFree = false) {
  return {
    ConditionExpression: orFree ? 'attribute_not_exists(pk) OR #id = :id' : '#id = :id',
    ExpressionAttributeNames: { '#id': 'id' },
    ExpressionAttributeValues: { ':id': id },
  };
}

/** A derived item written; `previous` is what it replaces (same key), if anything. */
export function putDerived(table: string, model: Model, id: number, d: DerivedItem, previous: Item | null): TxItem {
  const about: ItemAbout = { kind: d.kind, model: model.name, id, field: d.field, value: d.value };
  const guard = d.kind === 'guard';
  return sized({
    write: {
      Put: {
        TableName: table,
        Item: d.item,
        // A unique value belongs to one record: the guard must be free or already ours.
        ...(guard ? heldBy(id, true) : {}),
      },
    },
    undo: previous
      ? { Put: { TableName: table, Item: previous } }
      : {
          Delete: {
            TableName: table,
            Key: d.key,
            ...(guard ? heldBy(id) : {}),
          },
        },
    about,
  });
}

export function deleteDerived(table: string, model: Model, id: number, d: DerivedItem): TxItem {
  const guard = d.kind === 'guard';
  return sized({
    write: {
      Delete: {
        TableName: table,
        Key: d.key,
        // Never another record's guard. A missing one is no conflict: while `migrate` builds the
        // guards of a new unique field, records it has not reached yet have none.
        ...(guard ? heldBy(id, true) : {}),
      },
    },
    undo: { Put: { TableName: table, Item: d.item } },
    about: { kind: d.kind, model: model.name, id, field: d.field, value: d.value },
  });
}

export function deleteRecord(table: string, model: Model, id: number, version: number, item: Item): TxItem {
  return sized({
    write: {
      Delete: {
        TableName: table,
        Key: recordKey(model, id),
        ConditionExpression: '#v = :v',
        ExpressionAttributeNames: { '#v': VERSION },
        ExpressionAttributeValues: { ':v': version },
      },
    },
    undo: { Put: { TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    about: { kind: 'record', model: model.name, id },
  });
}

/** Written only if no live claim holds the key; an expired one (TTL not run yet) is taken over. */
export function claimItem(table: string, claim: Claim, now: number): TxItem {
  const key = claimKey(claim.model, claim.company, claim.digest);
  const seconds = Math.floor(now / 1000);
  return sized({
    write: {
      Put: {
        TableName: table,
        Item: { ...key, expiresAt: seconds + CLAIM_SECONDS },
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': seconds },
      },
    },
    undo: { Delete: { TableName: table, Key: key } },
    about: { kind: 'claim', model: claim.model, id: 0, field: 'search_key' },
  });
}

/** A transaction item with its sizes; its group is set by the caller (claims are a group of their own). */
export function sized(t: Omit<TxItem, 'bytes' | 'undoBytes' | 'group'>): TxItem {
  return { ...t, bytes: jsonBytes(t.write), undoBytes: jsonBytes(t.undo) + 64, group: -1 };
}

const jsonBytes = (v: unknown): number => JSON.stringify(v, (_k, x: unknown) => (x instanceof Set ? [...x] : x)).length;

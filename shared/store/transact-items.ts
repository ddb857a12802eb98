import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Model, StoredScalar } from '../catalogue';
import { ATTACHMENTS, afterUpdate, type Claim, type RecordOp, type UpdateOp } from '../plan';
import {
  ATTACHMENT_IDS,
  MAX_ITEM_BYTES,
  VERSION,
  derivedItems,
  idList,
  itemBytes,
  keyString,
  toAttribute,
  toRecordItem,
  type Item,
} from './items';
import { StoreError } from './errors';
import { Expr } from './expressions';
import { claimItem, deleteDerived, deleteRecord, put, putDerived, sized } from './item-writes';
import { recordKey, type Key } from './keys';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** What an item is, to name a failed condition (a taken unique value, a record changed meanwhile). */
export interface ItemAbout {
  kind: 'record' | 'index' | 'guard' | 'claim';
  model: string;
  id: number;
  field?: string;
  value?: StoredScalar | null;
}

/** One item of a transaction, with the item that undoes it once committed. */
export interface TxItem {
  write: TransactItem;
  undo: TransactItem;
  about: ItemAbout;
  /** Rough size, to keep a transaction under DynamoDB's 4 MB. */
  bytes: number;
  /**
   * The record op it belongs to: a record's items go in one transaction, so that its undo (the
   * record conditioned on its version, its index entries with it) applies whole or not at all.
   */
  group: number;
}

/** Translates a write plan's ops into transaction items, each paired with its undo. */
export function toTransactItems(table: string, ops: readonly RecordOp[], claims: readonly Claim[] = [], now = Date.now()): TxItem[] {
  const out: TxItem[] = claims.map((c) => claimItem(table, c, now));
  for (const [group, op] of ops.entries()) {
    const start = out.length;
    if (op.kind === 'create') {
      const item = toRecordItem(op.model, op.id, op.values, 1, op.attachments);
      checkSize(op.model, op.id, item);
      out.push(put(table, item, { kind: 'record', model: op.model.name, id: op.id }, 'new'));
      for (const d of derivedItems(op.model, op.id, op.values)) out.push(putDerived(table, op.model, op.id, d, null));
    } else if (op.kind === 'delete') {
      const item = toRecordItem(op.model, op.id, op.before.values, op.before.version, op.before.attachments);
      out.push(deleteRecord(table, op.model, op.id, op.before.version, item));
      for (const d of derivedItems(op.model, op.id, op.before.values)) out.push(deleteDerived(table, op.model, op.id, d));
    } else {
      out.push(...updateItems(table, op));
    }
    for (let i = start; i < out.length; i++) out[i]!.group = group;
  }
  return mergeGuards(out);
}

/** The key of the item a transaction item writes. */
function itemKey(t: TransactItem): string {
  const key = (t.Put?.Item ?? t.Delete?.Key ?? t.Update?.Key ?? t.ConditionCheck?.Key) as Key;
  return keyString(key);
}

/**
 * A transaction may hold one operation per item, but a unique guard can be touched by two records
 * of one plan: one releasing a value (a replaced line, a renamed record) and another taking it,
 * which becomes one put, allowed while the guard is free or held by either; two records taking one
 * value is a duplicate within the request, refused before anything is sent.
 */
function mergeGuards(items: TxItem[]): TxItem[] {
  const byKey = new Map<string, TxItem[]>();
  for (const item of items) {
    const k = itemKey(item.write);
    const same = byKey.get(k);
    if (same) same.push(item);
    else byKey.set(k, [item]);
  }
  if (byKey.size === items.length) return items;
  const out: TxItem[] = [];
  for (const group of byKey.values()) {
    if (group.length === 1) {
      out.push(group[0]!);
      continue;
    }
    if (!group.every((i) => i.about.kind === 'guard')) throw new Error(`plan: two operations on one item ${itemKey(group[0]!.write)}`);
    const puts = group.filter((i) => i.write.Put);
    const releases = group.filter((i) => i.write.Delete);
    const taken = puts[0]!.about;
    if (puts.length > 1) {
      throw new StoreError({ reason: 'duplicate', model: taken.model, field: taken.field!, value: taken.value ?? null }, false);
    }
    const holders = [taken.id, ...releases.map((r) => r.about.id)];
    const names = { '#id': 'id' };
    const values = Object.fromEntries(holders.map((id, i) => [`:h${i}`, id]));
    out.push({
      ...sized({
        write: {
          Put: {
            ...puts[0]!.write.Put!,
            ConditionExpression: `attribute_not_exists(pk) OR #id IN (${Object.keys(values).join(', ')})`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          },
        },
        // What was released goes back as it was.
        undo: releases[0]!.undo,
        about: taken,
      }),
      group: puts[0]!.group,
    });
  }
  return out;
}

function updateItems(table: string, op: UpdateOp): TxItem[] {
  const { model, id, before } = op;
  const e = new Expr(); // the write
  const u = new Expr(); // its undo
  const set: string[] = [];
  const remove: string[] = [];
  const add: string[] = [];
  const del: string[] = [];
  const uSet: string[] = [];
  const uRemove: string[] = [];
  const uAdd: string[] = [];
  const uDel: string[] = [];
  const cond = [`attribute_exists(${e.name('pk')})`];
  const uCond = [`attribute_exists(${u.name('pk')})`];

  for (const [field, value] of Object.entries(op.set)) {
    const attr = toAttribute(value);
    if (attr === undefined) remove.push(e.name(field));
    else set.push(`${e.name(field)} = ${e.value(attr)}`);
    const old = before ? toAttribute(before.values[field] ?? null) : undefined;
    if (old === undefined) uRemove.push(u.name(field));
    else uSet.push(`${u.name(field)} = ${u.value(old)}`);
    if (model.maintained.indexes.includes(field)) {
      // Index entries move with the value: the value must still be the one they were built from.
      cond.push(old === undefined ? `attribute_not_exists(${e.name(field)})` : `${e.name(field)} = ${e.value(old)}`);
      uCond.push(attr === undefined ? `attribute_not_exists(${u.name(field)})` : `${u.name(field)} = ${u.value(attr)}`);
    }
  }

  let needsVersion = op.checkVersion && before !== null;
  for (const field of new Set([...Object.keys(op.link), ...Object.keys(op.unlink)])) {
    const attrName = field === ATTACHMENTS ? ATTACHMENT_IDS : field;
    const linked = op.link[field] ?? [];
    const unlinked = op.unlink[field] ?? [];
    const oldList = before ? (field === ATTACHMENTS ? before.attachments : idList(before.values[field])) : undefined;
    if (linked.length > 0 && unlinked.length > 0) {
      // ADD and DELETE may not touch one attribute in one expression: write the final list,
      // which depends on what was read, so the record's version must not have moved.
      if (!before || !oldList) throw new Error(`plan: ${model.name},${id}.${field} links and unlinks without a read`);
      const next = [...new Set([...oldList, ...linked])].filter((x) => !unlinked.includes(x));
      const nextAttr = toAttribute(next);
      if (nextAttr === undefined) remove.push(e.name(attrName));
      else set.push(`${e.name(attrName)} = ${e.value(nextAttr)}`);
      const oldAttr = toAttribute(oldList);
      if (oldAttr === undefined) uRemove.push(u.name(attrName));
      else uSet.push(`${u.name(attrName)} = ${u.value(oldAttr)}`);
      needsVersion = true;
    } else if (linked.length > 0) {
      add.push(`${e.name(attrName)} ${e.value(new Set(linked))}`);
      const fresh = oldList ? linked.filter((x) => !oldList.includes(x)) : linked;
      if (fresh.length > 0) uDel.push(`${u.name(attrName)} ${u.value(new Set(fresh))}`);
    } else if (unlinked.length > 0) {
      del.push(`${e.name(attrName)} ${e.value(new Set(unlinked))}`);
      const present = oldList ? unlinked.filter((x) => oldList.includes(x)) : unlinked;
      if (present.length > 0) uAdd.push(`${u.name(attrName)} ${u.value(new Set(present))}`);
    }
  }
  for (const [field, delta] of Object.entries(op.increment)) {
    if (delta === 0) continue;
    add.push(`${e.name(field)} ${e.value(delta)}`);
    uAdd.push(`${u.name(field)} ${u.value(-delta)}`);
  }
  if (set.length + remove.length + add.length + del.length === 0) return [];
  if (needsVersion) cond.push(`${e.name(VERSION)} = ${e.value(before!.version)}`);
  // The undo writes what was read back only if nobody wrote the record since: it never overwrites
  // a concurrent change (it fails instead, and the caller is told).
  if (before) uCond.push(`${u.name(VERSION)} = ${u.value(before.version + 1)}`);
  add.push(`${e.name(VERSION)} ${e.value(1)}`);
  uAdd.push(`${u.name(VERSION)} ${u.value(1)}`);

  const key = recordKey(model.name, id);
  const write = updateCommand(table, key, e, { SET: set, REMOVE: remove, ADD: add, DELETE: del }, cond);
  const undo = updateCommand(table, key, u, { SET: uSet, REMOVE: uRemove, ADD: uAdd, DELETE: uDel }, uCond);
  const out: TxItem[] = [sized({ write, undo, about: { kind: 'record', model: model.name, id } })];

  if (before && Object.keys(op.set).length > 0) {
    const final = afterUpdate(op);
    checkSize(model, id, toRecordItem(model, id, final.values, before.version + 1, final.attachments));
    const oldDerived = new Map(derivedItems(model, id, before.values).map((d) => [keyString(d.key), d]));
    const newDerived = new Map(derivedItems(model, id, final.values).map((d) => [keyString(d.key), d]));
    for (const [k, d] of oldDerived) if (!newDerived.has(k)) out.push(deleteDerived(table, model, id, d));
    for (const [k, d] of newDerived) {
      const old = oldDerived.get(k);
      if (!old) out.push(putDerived(table, model, id, d, null));
      else if (!sameItem(old.item, d.item)) out.push(putDerived(table, model, id, d, old.item));
    }
  }
  return out;
}

function updateCommand(table: string, key: Key, expr: Expr, parts: Record<string, string[]>, cond: string[]): TransactItem {
  return {
    Update: { TableName: table, Key: key, UpdateExpression: clauses(parts), ConditionExpression: cond.join(' AND '), ...expr.spread() },
  };
}

/** A record over DynamoDB's item size is refused before anything is sent. */
function checkSize(model: Model, id: number, item: Item): void {
  const bytes = itemBytes(item);
  if (bytes > MAX_ITEM_BYTES) throw new StoreError({ reason: 'too_large', model: model.name, id, bytes }, false);
}

function clauses(parts: Record<string, string[]>): string {
  return Object.entries(parts)
    .filter(([, list]) => list.length > 0)
    .map(([verb, list]) => `${verb} ${list.join(', ')}`)
    .join(' ');
}

function sameItem(a: Item, b: Item): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}


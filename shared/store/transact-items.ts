import type { Model } from '../catalogue';
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
import { claimItem, deleteDerived, deleteRecord, putDerived, putRecord, sized } from './item-writes';
import { recordKey, type Key } from './keys';
import type { TransactItem, TxItem } from './types';
import { UpdateBuilder } from './update-builder';

/** Translates a write plan's ops into transaction items, each paired with its undo. */
export function toTransactItems(table: string, ops: readonly RecordOp[], claims: readonly Claim[] = [], now = Date.now()): TxItem[] {
  const out: TxItem[] = claims.map((c) => claimItem(table, c, now));
  for (const [group, op] of ops.entries()) {
    const start = out.length;
    if (op.kind === 'create') {
      const item = toRecordItem(op.model, op.id, op.values, 1, op.attachments);
      checkSize(op.model, op.id, item);
      out.push(putRecord(table, item, { kind: 'record', model: op.model.name, id: op.id }));
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
      throw new StoreError({ reason: 'duplicate', model: taken.model, field: taken.field!, value: taken.value ?? null });
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
  const write = new UpdateBuilder().expectItem();
  // The undo restores only what this write changed, and only while it is still what this write
  // left: a field another request changed since keeps that change (the undo is refused instead, and
  // the caller is told). Additions to numbers and sets commute, so their undo needs no condition.
  const undo = new UpdateBuilder().expectItem();

  for (const [field, value] of Object.entries(op.set)) {
    const attr = toAttribute(value);
    const old = before ? toAttribute(before.values[field] ?? null) : undefined;
    write.set(field, attr);
    undo.set(field, old).expect(field, attr);
    // Index entries move with the value: the value must still be the one they were built from.
    if (model.maintained.indexes.includes(field)) write.expect(field, old);
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
      const next = toAttribute([...new Set([...oldList, ...linked])].filter((x) => !unlinked.includes(x)));
      write.set(attrName, next);
      undo.set(attrName, toAttribute(oldList)).expect(attrName, next);
      needsVersion = true;
    } else if (linked.length > 0) {
      write.add(attrName, new Set(linked));
      const fresh = oldList ? linked.filter((x) => !oldList.includes(x)) : linked;
      if (fresh.length > 0) undo.remove(attrName, new Set(fresh));
    } else if (unlinked.length > 0) {
      write.remove(attrName, new Set(unlinked));
      const present = oldList ? unlinked.filter((x) => oldList.includes(x)) : unlinked;
      if (present.length > 0) undo.add(attrName, new Set(present));
    }
  }
  for (const [field, delta] of Object.entries(op.increment)) {
    if (delta === 0) continue;
    write.add(field, delta);
    undo.add(field, -delta);
  }
  if (write.empty) return [];
  if (needsVersion) write.expect(VERSION, before!.version);
  // The write counter only goes up: an undo is a write too.
  write.add(VERSION, 1);
  undo.add(VERSION, 1);

  const key = recordKey(model, id);
  const out: TxItem[] = [sized({ write: write.build(table, key), undo: undo.build(table, key), about: { kind: 'record', model: model.name, id } })];

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

/** A record over DynamoDB's item size is refused before anything is sent. */
function checkSize(model: Model, id: number, item: Item): void {
  const bytes = itemBytes(item);
  if (bytes > MAX_ITEM_BYTES) throw new StoreError({ reason: 'too_large', model: model.name, id, bytes });
}

function sameItem(a: Item, b: Item): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}


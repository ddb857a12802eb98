import { ATTACHMENT_MODEL, type Catalogue, type StoredValues } from '../catalogue';
import { attachmentKey } from '../files';
import type { WritePlan } from '../plan';
import { storedCompany } from './company';
import type { Resolution } from './resolution';
import type { Ref } from './payload';
import type { Pending } from './types';

/** Bytes to put in S3 before the transaction that creates their `ir.attachment` records. */
export interface Blob {
  key: string;
  bytes: Buffer;
  contentType: string;
}

/**
 * Adds the records among `pending` (all resolved) to the plan. A new record gets payload values
 * over defaults, looked-up ids, the parent's id in the line's inverse field and its company; a
 * stored record gets the changes its payload makes. Each gets one `ir.attachment` per attachment.
 * Returns the bytes to upload.
 */
export function planRecords(res: Resolution, pending: readonly Pending[], plan: WritePlan, catalogue: Catalogue, now: Date): Blob[] {
  const blobs: Blob[] = [];
  const attachmentModel = catalogue.get(ATTACHMENT_MODEL)!;
  for (const p of pending) {
    if (p.committed) continue;
    if (p.existing) {
      planChanges(res, p, plan);
      blobs.push(...planAttachments(p, plan, attachmentModel));
      continue;
    }
    const { node } = p;
    const model = node.model;
    const values: StoredValues = {};
    for (const [name, field] of Object.entries(model.fields)) {
      const d = field.default;
      if (d === undefined || (typeof d === 'object' && d !== null)) continue;
      values[name] = typeof d === 'function' ? d({ now }) : d;
    }
    // A sequence's number goes over a null the payload sent: such a field is never left empty.
    Object.assign(values, node.scalars, p.sequences, relationalValues(res, p));
    if (model.fields.company_id) values.company_id = storedCompany(p.company);
    if (node.inverse && p.parent) values[node.inverse] = p.parent.id;
    plan.create(model, p.id!, values);
    blobs.push(...planAttachments(p, plan, attachmentModel));
  }
  return blobs;
}

/** The changes a payload makes to a stored record: many2many `add` links, `replace` sets the list. */
function planChanges(res: Resolution, p: Pending, plan: WritePlan): void {
  const { node } = p;
  const changes: StoredValues = { ...node.scalars };
  const link: Record<string, number[]> = {};
  for (const [field, ref] of node.many2one) {
    changes[field] = field === 'company_id' ? (storedCompany(p.company)) : ref ? res.targetOf(p, ref) : null;
  }
  for (const [field, { mode, refs }] of node.many2many) {
    const ids = targetIds(res, p, refs);
    if (mode === 'add') link[field] = ids;
    else changes[field] = ids;
  }
  plan.update(node.model, p.existing!, changes, { link });
}

/** The ids a many2many's references resolved to, once each, in order. */
function targetIds(res: Resolution, p: Pending, refs: readonly Ref[]): number[] {
  return [...new Set(refs.map((ref) => res.targetOf(p, ref)))].sort((a, b) => a - b);
}

/** Many2one ids and many2many id lists of a record's payload, as resolved. */
function relationalValues(res: Resolution, p: Pending): StoredValues {
  const values: StoredValues = {};
  for (const [field, ref] of p.node.many2one) {
    if (field === 'company_id') continue;
    values[field] = ref ? res.targetOf(p, ref) : null;
  }
  for (const [field, { refs }] of p.node.many2many) {
    values[field] = targetIds(res, p, refs);
  }
  return values;
}

/** One `ir.attachment` per attachment of the record, linked to exactly that record. */
function planAttachments(p: Pending, plan: WritePlan, attachmentModel: import('../catalogue').Model): Blob[] {
  return p.node.attachments.map((a, i) => {
    const id = p.attachmentIds[i]!;
    const key = attachmentKey(id);
    plan.create(attachmentModel, id, {
      name: a.name,
      mimetype: a.mimetype,
      file_size: a.bytes.length,
      checksum: a.checksum,
      res_model: p.node.model.name,
      res_id: p.id!,
      company_id: storedCompany(p.company),
      datas: key,
    });
    return { key, bytes: a.bytes, contentType: a.mimetype };
  });
}

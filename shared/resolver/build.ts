import type { Catalogue, StoredValues } from '../catalogue';
import { attachmentKey } from '../files';
import type { WritePlan } from '../plan';
import type { Pending, Resolution } from './resolution';

/** Bytes to put in S3 before the transaction that creates their `ir.attachment` records. */
export interface Blob {
  key: string;
  bytes: Buffer;
  contentType: string;
}

/**
 * Adds the new records among `pending` (all resolved) to the plan: payload values over defaults,
 * looked-up ids, the parent's id in the line's inverse field, the company, and one `ir.attachment`
 * per attachment. Returns the bytes to upload.
 */
export function planNewRecords(res: Resolution, pending: readonly Pending[], plan: WritePlan, catalogue: Catalogue, now: Date): Blob[] {
  const blobs: Blob[] = [];
  const attachmentModel = catalogue.get('ir.attachment')!;
  for (const p of pending) {
    if (p.existing || p.committed) continue;
    const { node } = p;
    const model = node.model;
    const values: StoredValues = {};
    for (const [name, field] of Object.entries(model.fields)) {
      const d = field.default;
      if (d === undefined || (typeof d === 'object' && d !== null)) continue;
      values[name] = typeof d === 'function' ? d({ now }) : d;
    }
    Object.assign(values, p.sequences, node.scalars, relationalValues(res, p));
    if (model.fields.company_id) values.company_id = p.company ?? null;
    if (node.inverse && p.parent) values[node.inverse] = p.parent.id;
    plan.create(model, p.id!, values);
    blobs.push(...planAttachments(p, plan, attachmentModel));
  }
  return blobs;
}

/** Many2one ids and many2many id lists of a record's payload, as resolved. */
export function relationalValues(res: Resolution, p: Pending): StoredValues {
  const values: StoredValues = {};
  for (const [field, ref] of p.node.many2one) {
    if (field === 'company_id') continue;
    values[field] = ref ? res.targetOf(ref) : null;
  }
  for (const [field, { refs }] of p.node.many2many) {
    values[field] = [...new Set(refs.map((ref) => res.targetOf(ref)))].sort((a, b) => a - b);
  }
  return values;
}

/** One `ir.attachment` per attachment of the record, linked to exactly that record. */
export function planAttachments(p: Pending, plan: WritePlan, attachmentModel: import('../catalogue').Model): Blob[] {
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
      company_id: p.company ?? null,
      datas: key,
    });
    return { key, bytes: a.bytes, contentType: a.mimetype };
  });
}

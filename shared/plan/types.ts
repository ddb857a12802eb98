import type { Model, RecordState, StoredValues } from '../catalogue';

export type { RecordState } from '../catalogue';

export interface CreateOp {
  kind: 'create';
  model: Model;
  id: number;
  values: StoredValues;
  attachments: number[];
}

/**
 * A change to an existing record. `set` holds only the fields whose value changes; `link`/`unlink`
 * add and remove ids of x2many fields (and of the attachment list, under `ATTACHMENTS`), and
 * `increment` adds to number fields; these three commute, so they need no read of the record and
 * no condition. A change of an indexed field needs `before`, to move its index entries.
 */
export interface UpdateOp {
  kind: 'update';
  model: Model;
  id: number;
  before: RecordState | null;
  set: StoredValues;
  link: Record<string, number[]>;
  unlink: Record<string, number[]>;
  increment: Record<string, number>;
  /** Written only if the record's version is still the one read (read-modify-write changes). */
  checkVersion: boolean;
}

export interface DeleteOp {
  kind: 'delete';
  model: Model;
  id: number;
  before: RecordState;
}

export type RecordOp = CreateOp | UpdateOp | DeleteOp;

/** Key of the attachment list in `link`/`unlink`. */
export const ATTACHMENTS = '@attachments';

/**
 * A claim on a search key: an item written only if absent (or expired) in the same transaction as
 * the record an upsert creates, so that concurrent upserts with the same search key create one
 * record between them, whatever fields the key uses.
 */
export interface Claim {
  model: string;
  company: number | null;
  /** A digest of the search key's fields and values. */
  digest: string;
}

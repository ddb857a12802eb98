import type { Catalogue } from '../catalogue';
import type { Access } from '../auth/access';
import type { RecordState } from '../plan';
import type { RecordNode, Ref } from './payload';
import type { LookupScope } from './scope';
import type { CompanyState, LookupCompany } from './company';

export interface ResolveContext {
  catalogue: Catalogue;
  /** What the caller may reach: its companies, its models, the models not scoped by company. */
  access: Access;
  /** `vals.auto_create`, checked (see readAutoCreate). */
  autoCreate: Record<string, unknown>;
}

/** A record of the request: a payload node and what the rounds learn about it. */
export interface Pending {
  node: RecordNode;
  parent: Pending | null;
  /** The stored record this node changes (update routes); null for a new record. */
  existing: RecordState | null;
  id: number | null;
  /** Company whose records this node's lookups find (plus shared ones). */
  lookupCompany: LookupCompany;
  /** Its `company_id`. */
  company: CompanyState;
  /** Made by auto_create because a lookup found nothing. */
  autoCreated: boolean;
  /** Values drawn from sequences, by field. */
  sequences: Record<string, string>;
  /** Ids of the `ir.attachment` records of its attachments, once reserved. */
  attachmentIds: number[];
  /** Already written by an earlier transaction of the request (auto_create with rollback off). */
  committed: boolean;
}

export interface RefState {
  ref: Ref;
  owner: Pending;
  /** Set when the lookup is asked (once: a reference is asked in one round only). */
  scope?: LookupScope;
  /** Set by the answer: the record found (an id) or to be created (a pending auto-created record). */
  target?: number | Pending;
}

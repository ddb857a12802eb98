import { roundTo } from '../catalogue/fields';
import { ATTACHMENT_MODEL, type Catalogue, type Model, type StoredValue, type StoredValues } from '../catalogue';
import { inversesOf } from './inverses';
import { ATTACHMENTS, type Claim, type CreateOp, type DeleteOp, type RecordOp, type RecordState, type UpdateOp } from './types';


/**
 * The write plan of one request: every record to create, change and delete, merged per record so
 * that each record is one item of a DynamoDB transaction. It is pure: it keeps the catalogue's
 * derived values right as ops are added (computed fields, a parent's one2many ids and sums, an
 * owner's attachment list, timestamps) and the store turns it into transaction items.
 */
export class WritePlan {
  private readonly ops = new Map<string, RecordOp>();
  /** Search-key claims written with the plan (create_update_data). */
  readonly claims: Claim[] = [];

  constructor(
    private readonly catalogue: Catalogue,
    /** The request's timestamp, `YYYY-MM-DD HH:MM:SS`. */
    readonly now: string,
  ) {}

  /**
   * Id lists being built, as sets (a plan of thousands of lines links each one to its parent:
   * sets keep that linear): a new record's x2many lists, a stored one's ids to add and remove.
   */
  private readonly idSets = new Map<RecordOp, Map<string, { add: Set<number>; remove: Set<number> }>>();

  /** The ops, in the order their records were first touched, id lists written out sorted. */
  list(): RecordOp[] {
    for (const [op, fields] of this.idSets) {
      for (const [field, { add, remove }] of fields) {
        const sorted = (ids: Set<number>) => [...ids].sort((a, b) => a - b);
        if (op.kind === 'create') {
          if (field === ATTACHMENTS) op.attachments = sorted(add);
          else op.values[field] = sorted(add);
        } else if (op.kind === 'update') {
          if (add.size > 0) op.link[field] = sorted(add);
          else delete op.link[field];
          if (remove.size > 0) op.unlink[field] = sorted(remove);
          else delete op.unlink[field];
        }
      }
    }
    return [...this.ops.values()];
  }

  /** The sets of a record's id list; a new record's start from its values. */
  private idsOf(op: RecordOp, field: string): { add: Set<number>; remove: Set<number> } {
    let fields = this.idSets.get(op);
    if (!fields) this.idSets.set(op, (fields = new Map()));
    let sets = fields.get(field);
    if (!sets) {
      const initial = op.kind !== 'create' ? [] : field === ATTACHMENTS ? op.attachments : ((op.values[field] as number[] | null) ?? []);
      fields.set(field, (sets = { add: new Set(initial), remove: new Set() }));
    }
    return sets;
  }

  /** Claims a search key for the record this plan creates (see Claim). */
  claim(claim: Claim): void {
    this.claims.push(claim);
  }

  get size(): number {
    return this.ops.size;
  }

  /**
   * Adds a new record. `values` hold what the payload and the defaults give; the plan fills in
   * timestamps, computed fields, empty one2many lists and zero sums, then tells the parents.
   */
  create(model: Model, id: number, values: StoredValues): void {
    const full: StoredValues = {};
    for (const [name, field] of Object.entries(model.fields)) {
      if (name === 'id' || name === 'display_name') continue;
      if (field.type === 'one2many' || field.type === 'many2many') full[name] = [];
      else if ((field.type === 'float' || field.type === 'integer') && field.aggregate) full[name] = 0;
      else full[name] = null;
    }
    Object.assign(full, values, { create_date: this.now, write_date: this.now });
    for (const [name, field] of Object.entries(model.fields)) {
      if ((field.type === 'float' || field.type === 'integer') && field.compute) full[name] = field.compute.value(full);
    }
    const key = opKey(model.name, id);
    const pending = this.ops.get(key);
    const op: CreateOp = { kind: 'create', model, id, values: full, attachments: [] };
    this.ops.set(key, op);
    // Children created earlier in the plan may already have linked themselves to this record.
    if (pending?.kind === 'update' && pending.before === null) {
      for (const [field, { add }] of this.idSets.get(pending) ?? []) this.link(model.name, id, field, [...add]);
      this.idSets.delete(pending);
      for (const [field, delta] of Object.entries(pending.increment)) {
        const digits = (model.fields[field] as { digits?: number } | undefined)?.digits;
        this.increment(model.name, id, field, delta, digits);
      }
    }
    this.tellParents(model, id, {}, full);
  }

  /**
   * Changes an existing record: `changes` are new values (x2many as whole id lists), `link` and
   * `unlink` add or remove x2many ids without reading them. Unchanged values are dropped.
   * `checkVersion` makes the write depend on the record not having changed since it was read.
   */
  update(
    model: Model,
    before: RecordState,
    changes: StoredValues,
    x2many: { link?: Record<string, number[]>; unlink?: Record<string, number[]>; checkVersion?: boolean } = {},
  ): void {
    const op = this.updateOp(model, before.id, before);
    if (op.kind !== 'update') throw new Error(`plan: update of ${model.name},${before.id} after its ${op.kind}`);
    const current = { ...before.values, ...op.set };
    const set: StoredValues = {};
    for (const [name, value] of Object.entries(changes)) {
      if (!sameValue(current[name], value)) set[name] = value;
    }
    const merged = { ...current, ...set };
    for (const [name, field] of Object.entries(model.fields)) {
      if ((field.type === 'float' || field.type === 'integer') && field.compute) {
        if (field.compute.depends.some((dep) => dep in set)) {
          const value = field.compute.value(merged);
          if (!sameValue(current[name], value)) set[name] = merged[name] = value;
        }
      }
    }
    const link = Object.entries(x2many.link ?? {})
      .map(([field, ids]) => [field, ids.filter((id) => !((current[field] as number[] | null) ?? []).includes(id))] as const)
      .filter(([, ids]) => ids.length > 0);
    const unlink = Object.entries(x2many.unlink ?? {})
      .map(([field, ids]) => [field, ids.filter((id) => ((current[field] as number[] | null) ?? []).includes(id))] as const)
      .filter(([, ids]) => ids.length > 0);
    if (Object.keys(set).length === 0 && link.length === 0 && unlink.length === 0) return;
    Object.assign(op.set, set, { write_date: this.now });
    if (x2many.checkVersion) op.checkVersion = true;
    for (const [field, ids] of link) this.link(model.name, before.id, field, ids);
    for (const [field, ids] of unlink) this.unlink(model.name, before.id, field, ids);
    this.tellParents(model, before.id, current, merged);
  }

  /**
   * Makes the change of a stored record, if it has one, depend on its version being still the one
   * read: a one2many replaced from what was read must not land on lines another request replaced.
   */
  checkVersion(model: Model, id: number): void {
    const op = this.ops.get(opKey(model.name, id));
    if (op?.kind === 'update' && op.before) op.checkVersion = true;
  }

  /** Removes a record; its parents forget it. Its own lines are the caller's to delete. */
  delete(model: Model, before: RecordState): void {
    const key = opKey(model.name, before.id);
    const op: DeleteOp = { kind: 'delete', model, id: before.id, before };
    this.ops.set(key, op);
    this.tellParents(model, before.id, before.values, {});
  }

  /** Adds ids to an x2many field (or the attachment list) of any record, read or not. */
  link(model: string, id: number, field: string, ids: readonly number[]): void {
    if (ids.length === 0) return;
    const op = this.updateOp(this.model(model), id, null);
    if (op.kind === 'delete') return;
    const sets = this.idsOf(op, field);
    for (const x of ids) {
      sets.add.add(x);
      sets.remove.delete(x);
    }
  }

  unlink(model: string, id: number, field: string, ids: readonly number[]): void {
    if (ids.length === 0) return;
    const op = this.updateOp(this.model(model), id, null);
    if (op.kind === 'delete') return;
    const sets = this.idsOf(op, field);
    for (const x of ids) {
      sets.add.delete(x);
      if (op.kind === 'update') sets.remove.add(x);
    }
  }

  /** Adds `delta` to a number field of any record (rounded to the field's digits). */
  increment(model: string, id: number, field: string, delta: number, digits?: number): void {
    if (delta === 0) return;
    const op = this.updateOp(this.model(model), id, null);
    const round = (n: number) => (digits === undefined ? n : roundTo(n, digits));
    if (op.kind === 'create') op.values[field] = round(Number(op.values[field] ?? 0) + delta);
    else if (op.kind === 'update') op.increment[field] = round((op.increment[field] ?? 0) + delta);
  }

  /** The op of a record, made an update if it has none yet; a later read fills `before` in. */
  private updateOp(model: Model, id: number, before: RecordState | null): RecordOp {
    const key = opKey(model.name, id);
    const existing = this.ops.get(key);
    if (existing) {
      if (existing.kind === 'update' && existing.before === null && before) existing.before = before;
      return existing;
    }
    const op: UpdateOp = { kind: 'update', model, id, before, set: {}, link: {}, unlink: {}, increment: {}, checkVersion: false };
    this.ops.set(key, op);
    return op;
  }

  /**
   * Keeps parents right when a record's many2one values (or summed values) go from `old` to `next`:
   * the parent's one2many lists it, the parent's sums include it; attachments likewise for their
   * owner (`res_model`, `res_id`).
   */
  private tellParents(model: Model, id: number, old: StoredValues, next: StoredValues): void {
    for (const [name, field] of Object.entries(model.fields)) {
      if (field.type !== 'many2one') continue;
      for (const inv of inversesOf(this.catalogue, model.name, name)) {
        const from = asId(old[name]);
        const to = asId(next[name]);
        if (from !== to) {
          if (from !== null) this.unlink(inv.parent.name, from, inv.one2many, [id]);
          if (to !== null) this.link(inv.parent.name, to, inv.one2many, [id]);
        }
        for (const sum of inv.sums) {
          const before = Number(old[sum.of] ?? 0);
          const after = Number(next[sum.of] ?? 0);
          if (from === to) {
            if (to !== null) this.increment(inv.parent.name, to, sum.field, after - before, sum.digits);
          } else {
            if (from !== null) this.increment(inv.parent.name, from, sum.field, -before, sum.digits);
            if (to !== null) this.increment(inv.parent.name, to, sum.field, after, sum.digits);
          }
        }
      }
    }
    if (model.name === ATTACHMENT_MODEL) {
      const owner = (v: StoredValues) =>
        typeof v.res_model === 'string' && this.catalogue.get(v.res_model) && asId(v.res_id) !== null
          ? `${v.res_model},${v.res_id}`
          : null;
      const from = owner(old);
      const to = owner(next);
      if (from !== to) {
        if (from) this.unlink(old.res_model as string, asId(old.res_id)!, ATTACHMENTS, [id]);
        if (to) this.link(next.res_model as string, asId(next.res_id)!, ATTACHMENTS, [id]);
      }
    }
  }

  private model(name: string): Model {
    const model = this.catalogue.get(name);
    if (!model) throw new Error(`plan: unknown model ${name}`);
    return model;
  }
}

const opKey = (model: string, id: number): string => `${model},${id}`;

const asId = (v: StoredValue | undefined): number | null => (typeof v === 'number' ? v : null);

function sameValue(a: StoredValue | undefined, b: StoredValue | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    const sa = [...a].sort((x, y) => x - y);
    const sb = [...b].sort((x, y) => x - y);
    return sa.every((x, i) => x === sb[i]);
  }
  return (a ?? null) === (b ?? null);
}

import { ATTACHMENT_MODEL, type SequenceDefault, type StoredScalar } from '../catalogue';
import { WebhookError } from '../envelope';
import { mayUseCompany, mayUseModel } from '../auth/principal';
import type { RecordState } from '../plan';
import { sequenceCounter } from '../store';
import { ambiguous, notFound } from './messages';
import { MAX_LINES, readRecord, type RecordNode, type Ref } from './payload';
import type { LookupGroup, Pending, RefState, ResolveContext, RoundNeeds, RoundResults } from './types';
import { pickTemplate } from './auto-create';
import { lookupScope, scopeKey, visible, type LookupScope } from './scope';


/**
 * Resolves the natural keys of a payload in rounds: each round batches every lookup that can be
 * made (same model, field and scope: one batch) with the id and sequence reservations, and one
 * round is enough unless a company is named by lookup or an auto-created record has lookups of its
 * own. Pure: the operation runs the rounds against the store and feeds the results back.
 */
export class Resolution {
  readonly pending: Pending[] = [];
  readonly failures: WebhookError[] = [];
  private readonly refs: RefState[] = [];
  private readonly byRef = new Map<Pending, Map<Ref, RefState>>();
  private readonly asked = new Set<RefState>();
  private readonly idPool = new Map<string, number[]>();
  private readonly autoCreated = new Map<string, Pending>();
  private lastNeeds: RoundNeeds | null = null;
  private lines = 0;

  constructor(private readonly ctx: ResolveContext) {}

  /** Adds a record and its lines. */
  add(node: RecordNode, options: { parent?: Pending | null; existing?: RecordState | null; autoCreated?: boolean } = {}): Pending {
    const parent = options.parent ?? null;
    if (!options.existing && node.model.companyRecords && this.ctx.principal.allowedCompanyIds !== 'all') {
      throw new WebhookError('FORBIDDEN', `Only a caller allowed every company may create a '${node.model.name}' record`, { path: node.path });
    }
    const p: Pending = {
      node,
      parent,
      existing: options.existing ?? null,
      id: options.existing?.id ?? null,
      lookupCompany: undefined,
      company: undefined,
      autoCreated: options.autoCreated ?? false,
      sequences: {},
      attachmentIds: [],
      committed: false,
    };
    this.pending.push(p);
    if (parent && ++this.lines > MAX_LINES) {
      throw new WebhookError('LIMIT_EXCEEDED', `More than ${MAX_LINES} lines in one request, auto-created records' lines included`, { limit: MAX_LINES });
    }
    this.settleCompany(p);
    // A company given by id scopes the record at once, and is still looked up: it must exist.
    for (const ref of node.many2one.values()) if (ref) this.track({ ref, owner: p });
    for (const { refs } of node.many2many.values()) for (const ref of refs) this.track({ ref, owner: p });
    for (const { lines } of node.one2many.values()) for (const line of lines) this.add(line, { parent: p });
    return p;
  }

  private track(r: RefState): void {
    this.refs.push(r);
    const mine = this.byRef.get(r.owner) ?? new Map<Ref, RefState>();
    mine.set(r.ref, r);
    this.byRef.set(r.owner, mine);
  }

  /** The reads of the next round, or null when everything is resolved. */
  needs(): RoundNeeds | null {
    const groups = new Map<string, LookupGroup>();
    const speculative = new Map<string, Set<string>>();
    for (const r of this.refs) {
      if (r.target !== undefined || this.asked.has(r)) continue;
      const scope = this.scopeOf(r);
      if (!scope) continue; // its record's company is still being looked up
      r.scope = scope;
      const key = `${r.ref.target.name}|${r.ref.by}|${scopeKey(scope)}`;
      const group = groups.get(key) ?? { key, model: r.ref.target, by: r.ref.by, scope, values: [] };
      if (!group.values.includes(r.ref.value)) group.values.push(r.ref.value);
      groups.set(key, group);
      this.asked.add(r);
      if (this.ctx.autoCreate[r.ref.field] !== undefined && r.ref.by !== 'id') {
        const seen = speculative.get(r.ref.target.name) ?? new Set();
        seen.add(`${key}|${String(r.ref.value)}`);
        speculative.set(r.ref.target.name, seen);
      }
    }
    const ids = new Map<string, number>();
    const sequences = new Map<string, number>();
    const want = (model: string, n: number) => n > 0 && ids.set(model, (ids.get(model) ?? 0) + n);
    for (const p of this.pending) {
      if (p.id === null) want(p.node.model.name, 1);
      if (p.attachmentIds.length < p.node.attachments.length) want(ATTACHMENT_MODEL, p.node.attachments.length);
      for (const [counter] of this.sequenceNeeds(p)) sequences.set(counter, (sequences.get(counter) ?? 0) + 1);
    }
    for (const [model, values] of speculative) want(model, values.size);
    for (const [model, n] of ids) {
      const spare = this.idPool.get(model)?.length ?? 0;
      if (n - spare > 0) ids.set(model, n - spare);
      else ids.delete(model);
    }
    if (groups.size === 0 && ids.size === 0 && sequences.size === 0) return null;
    this.lastNeeds = { lookups: [...groups.values()], ids, sequences };
    return this.lastNeeds;
  }

  /** Takes a round's results: lookups resolved (or auto-created, or failed), ids and numbers handed out. */
  accept(results: RoundResults): void {
    if (!this.lastNeeds) throw new Error('resolution: accept without needs');
    for (const [model, ids] of results.ids) this.idPool.set(model, [...(this.idPool.get(model) ?? []), ...ids]);
    const missing = new Map<string, { r: RefState; values: StoredScalar[] }>();
    for (const r of this.asked) {
      if (r.target !== undefined) continue;
      const key = `${r.ref.target.name}|${r.ref.by}|${scopeKey(r.scope!)}`;
      const candidates = results.lookups.get(key)?.get(r.ref.value);
      if (candidates === undefined) continue; // asked in a later round
      const found = candidates.filter((c) => visible(c, r.scope!));
      if (found.length === 1) r.target = found[0]!.id;
      else if (found.length > 1) this.failures.push(ambiguous(r.ref.field, r.ref.value, found.map((c) => c.id), this.where(r)));
      else if (this.ctx.autoCreate[r.ref.field] !== undefined && r.ref.by !== 'id') {
        const created = this.autoCreate(r);
        if (created) r.target = created;
        else this.failures.push(notFound(r.ref.field, [r.ref.value], this.where(r)));
      } else {
        const slot = `${r.owner.node.path}|${r.ref.field}`;
        const entry = missing.get(slot) ?? { r, values: [] };
        entry.values.push(r.ref.value);
        missing.set(slot, entry);
      }
      if (r.ref.field === 'company_id' && typeof r.target === 'number') this.companyFound(r.owner, r.target, r.ref.path);
    }
    for (const { r, values } of missing.values()) this.failures.push(notFound(r.ref.field, values, this.where(r)));
    for (const p of this.pending) this.settleCompany(p);
    for (const p of this.pending) {
      if (p.id === null) p.id = this.takeId(p.node.model.name);
      while (p.attachmentIds.length < p.node.attachments.length) {
        const id = this.takeId(ATTACHMENT_MODEL);
        if (id === null) break;
        p.attachmentIds.push(id);
      }
    }
    const next = new Map(results.sequences);
    for (const p of this.pending) {
      for (const [counter, field, seq] of this.sequenceNeeds(p)) {
        const n = next.get(counter);
        if (n === undefined) continue;
        next.set(counter, n + 1);
        p.sequences[field] = `${seq.prefix}${String(n).padStart(seq.padding, '0')}`;
      }
    }
    this.lastNeeds = null;
  }

  /** The id a reference of this record resolved to (after the rounds). */
  targetOf(owner: Pending, ref: Ref): number {
    const target = this.byRef.get(owner)?.get(ref)?.target;
    if (target === undefined) throw new Error(`resolution: ${ref.path} is not resolved`);
    if (typeof target === 'number') return target;
    if (target.id === null) throw new Error(`resolution: ${ref.path} points at a record without id`);
    return target.id;
  }

  /** Whether every lookup of this record (and its lines) is answered and its ids are known. */
  isReady(p: Pending): boolean {
    const family = new Set(this.familyOf(p));
    const recordsReady = [...family].every(
      (x) => x.id !== null && x.attachmentIds.length === x.node.attachments.length && this.sequenceNeeds(x).length === 0,
    );
    const refsReady = this.refs
      .filter((r) => family.has(r.owner))
      .every((r) => r.target !== undefined && (typeof r.target === 'number' || r.target.id !== null));
    return recordsReady && refsReady;
  }

  /** A record and every line below it. */
  familyOf(p: Pending): Pending[] {
    const below = (x: Pending): boolean => {
      for (let up = x.parent; up; up = up.parent) if (up === p) return true;
      return false;
    };
    return this.pending.filter((x) => x === p || below(x));
  }

  /** The scope a lookup is made in; undefined while the company it depends on is unknown. */
  private scopeOf(r: RefState): LookupScope | undefined {
    const company = r.owner.lookupCompany;
    const scoped = r.ref.target.companyScoped && !this.ctx.unscopedModels.has(r.ref.target.name);
    if (!scoped) return 'any';
    return company === undefined ? undefined : lookupScope(r.ref.target, company, this.ctx.unscopedModels);
  }

  /** References left without an answer: none once the rounds are over, unless a failure stopped them. */
  unresolved(): string[] {
    return this.refs.filter((r) => r.target === undefined).map((r) => r.ref.path);
  }

  private where(r: RefState): Record<string, unknown> {
    return { path: r.ref.path, model: r.ref.target.name, lookup_field: r.ref.by };
  }

  private takeId(model: string): number | null {
    return this.idPool.get(model)?.shift() ?? null;
  }

  /** Sequence-drawn defaults this record still needs: [counter, field, sequence]. */
  private sequenceNeeds(p: Pending): [string, string, SequenceDefault][] {
    if (p.existing || p.company === undefined) return [];
    const out: [string, string, SequenceDefault][] = [];
    for (const [name, field] of Object.entries(p.node.model.fields)) {
      const seq = field.default;
      if (typeof seq !== 'object' || seq === null || name in p.sequences) continue;
      if (p.node.scalars[name] !== undefined && p.node.scalars[name] !== null) continue;
      out.push([sequenceCounter(seq.sequence, p.node.model.companyScoped ? p.company : null), name, seq]);
    }
    return out;
  }

  /** Fills in a record's company and lookup company from its payload, parent or the caller. */
  private settleCompany(p: Pending): void {
    const model = p.node.model;
    const ref = model.fields.company_id ? p.node.many2one.get('company_id') : undefined;
    const inherited = p.parent ? p.parent.lookupCompany : this.ctx.principal.companyId;
    if (ref === undefined) {
      if (p.company === undefined) {
        if (!model.companyScoped) p.company = null;
        else if (p.existing) p.company = (p.existing.values.company_id as number | null) ?? null;
        else if (p.parent) p.company = p.parent.company;
        else p.company = this.ctx.principal.companyId;
      }
      p.lookupCompany ??= inherited;
    } else if (ref === null) {
      p.company = null;
      p.lookupCompany ??= inherited;
    } else if (ref.by === 'id' && p.company === undefined) {
      this.companyFound(p, ref.value as number, ref.path);
    }
  }

  private companyFound(p: Pending, company: number, path: string): void {
    if (!mayUseCompany(this.ctx.principal, company)) {
      throw new WebhookError('FORBIDDEN', `Company ${company} is not allowed for this caller`, { path, company_id: company });
    }
    p.company = company;
    p.lookupCompany = company;
  }

  /** A record made by auto_create for a lookup that found nothing; one per value and scope. */
  private autoCreate(r: RefState): Pending | null {
    if (!mayUseModel(this.ctx.principal, r.ref.target.name)) {
      throw new WebhookError('FORBIDDEN', `auto_create would create a '${r.ref.target.name}' record, a model this caller may not use`, {
        path: r.ref.path,
        model: r.ref.target.name,
      });
    }
    const key = `${r.ref.target.name}|${r.ref.by}|${scopeKey(r.scope!)}|${String(r.ref.value)}`;
    const known = this.autoCreated.get(key);
    if (known) return known;
    const template = pickTemplate(this.ctx.autoCreate[r.ref.field], r.ref.by, r.ref.value);
    if (!template) return null;
    const payload = { ...template, [r.ref.by]: r.ref.value };
    const node = readRecord(r.ref.target, payload, `auto_create.${r.ref.field}`, null, 0, {
      catalogue: this.ctx.catalogue,
      mode: 'create',
      lines: 0,
    });
    const p = this.add(node, { autoCreated: true });
    // The new record must be visible to the lookup that asked for it.
    if (r.ref.target.companyScoped && !node.many2one.has('company_id') && r.scope !== 'any') {
      p.company = r.scope!.company;
    }
    p.lookupCompany = r.owner.lookupCompany;
    this.autoCreated.set(key, p);
    return p;
  }
}

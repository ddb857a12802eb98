import { ATTACHMENT_MODEL, type StoredScalar } from '../catalogue';
import { WebhookError } from '../envelope';
import type { RecordState } from '../plan';
import { ambiguous, notFound } from './messages';
import { MAX_LINES, readRecord, type RecordNode, type Ref } from './payload';
import type { Pending, RefState, ResolveContext } from './types';
import { lookupKey, type LookupGroup, type RoundNeeds, type RoundProtocol, type RoundResults } from './protocol';
import { pickTemplate } from './auto-create';
import { NO_COMPANY, UNSETTLED, companyOf, inCompany, type CompanyState, type LookupCompany } from './company';
import { drawSequences, sequenceNeeds } from './sequences';
import { lookupScope, visible, type LookupScope } from './scope';

/**
 * Resolves the natural keys of a payload in rounds (the RoundProtocol, driven by resolveRounds):
 * each round batches every lookup that can be made (same model, field and scope: one batch) with
 * the id and sequence reservations, and one round is enough unless a company is named by lookup
 * (its record's other lookups wait for it) or an auto-created record has lookups of its own. Pure:
 * the operation answers the rounds from the store.
 */
export class Resolution implements RoundProtocol {
  readonly pending: Pending[] = [];
  readonly failures: WebhookError[] = [];
  private readonly refs: RefState[] = [];
  private readonly byRef = new Map<Pending, Map<Ref, RefState>>();
  private readonly idPool = new Map<string, number[]>();
  private readonly autoCreated = new Map<string, Pending>();
  /** What the round in flight asked for: null between rounds. */
  private inFlight: { refs: RefState[]; sequences: ReadonlyMap<string, number> } | null = null;
  private lines = 0;

  constructor(private readonly ctx: ResolveContext) {}

  /** Adds a record and its lines. */
  add(node: RecordNode, options: { parent?: Pending | null; existing?: RecordState | null; autoCreated?: boolean } = {}): Pending {
    const parent = options.parent ?? null;
    if (!options.existing && node.model.companyRecords && this.ctx.access.principal.allowedCompanyIds !== 'all') {
      throw new WebhookError('FORBIDDEN', `Only a caller allowed every company may create a '${node.model.name}' record`, { path: node.path });
    }
    const p: Pending = {
      node,
      parent,
      existing: options.existing ?? null,
      id: options.existing?.id ?? null,
      lookupCompany: UNSETTLED,
      company: UNSETTLED,
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
    if (this.inFlight) throw new Error('resolution: needs() again before accept()');
    const refs: RefState[] = [];
    const groups = new Map<string, LookupGroup>();
    const speculative = new Map<string, Set<string>>();
    for (const r of this.refs) {
      if (r.target !== undefined || r.scope !== undefined) continue; // answered, or asked already
      const scope = this.scopeOf(r);
      if (!scope) continue; // its record's company is still being looked up
      r.scope = scope;
      refs.push(r);
      const key = lookupKey(r.ref.target, r.ref.by, scope);
      const group = groups.get(key) ?? { key, model: r.ref.target, by: r.ref.by, scope, values: [] };
      if (!group.values.includes(r.ref.value)) group.values.push(r.ref.value);
      groups.set(key, group);
      if (this.mayAutoCreate(r)) {
        const seen = speculative.get(r.ref.target.name) ?? new Set();
        seen.add(autoCreateKey(r));
        speculative.set(r.ref.target.name, seen);
      }
    }
    const ids = new Map<string, number>();
    const sequences = new Map<string, number>();
    const want = (model: string, n: number) => n > 0 && ids.set(model, (ids.get(model) ?? 0) + n);
    for (const p of this.pending) {
      if (p.id === null) want(p.node.model.name, 1);
      if (p.attachmentIds.length < p.node.attachments.length) want(ATTACHMENT_MODEL, p.node.attachments.length);
      for (const [counter] of sequenceNeeds(p)) sequences.set(counter, (sequences.get(counter) ?? 0) + 1);
    }
    // An auto-created record takes its id in the round that finds it missing: one per value that may be.
    for (const [model, values] of speculative) want(model, values.size);
    for (const [model, n] of ids) {
      const spare = this.idPool.get(model)?.length ?? 0;
      if (n - spare > 0) ids.set(model, n - spare);
      else ids.delete(model);
    }
    if (groups.size === 0 && ids.size === 0 && sequences.size === 0) return null;
    this.inFlight = { refs, sequences };
    return { lookups: [...groups.values()], ids, sequences };
  }

  /** Takes a round's results: lookups resolved (or auto-created, or failed), ids and numbers handed out. */
  accept(results: RoundResults): void {
    const round = this.inFlight;
    if (!round) throw new Error('resolution: accept() without needs()');
    this.inFlight = null;
    for (const [model, ids] of results.ids) this.idPool.set(model, [...(this.idPool.get(model) ?? []), ...ids]);
    this.answer(round.refs, results.lookups);
    for (const p of this.pending) {
      if (p.id === null) p.id = this.takeId(p.node.model.name);
      while (p.attachmentIds.length < p.node.attachments.length) {
        const id = this.takeId(ATTACHMENT_MODEL);
        if (id === null) break;
        p.attachmentIds.push(id);
      }
    }
    // After the ids: a company auto-created this round settles its record's company by its new id.
    for (const p of this.pending) this.settleCompany(p);
    drawSequences(this.pending, round.sequences, results.sequences);
  }

  /**
   * Each reference asked gets its answer: the one record visible in its scope, a record to
   * auto-create, or a failure (every value of one field of one record that found nothing is one
   * NOT_FOUND).
   */
  private answer(refs: readonly RefState[], lookups: RoundResults['lookups']): void {
    const missing = new Map<string, { r: RefState; values: StoredScalar[] }>();
    for (const r of refs) {
      const key = lookupKey(r.ref.target, r.ref.by, r.scope!);
      const candidates = lookups.get(key)?.get(r.ref.value);
      if (candidates === undefined) throw new Error(`resolution: the round's answer lacks ${key} ${String(r.ref.value)}`);
      const found = candidates.filter((c) => visible(c, r.scope!));
      if (found.length === 1) r.target = found[0]!.id;
      else if (found.length > 1) this.failures.push(ambiguous(r.ref.field, r.ref.value, found.map((c) => c.id), this.where(r)));
      else if (this.mayAutoCreate(r)) {
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
  }

  /** auto_create makes records for lookups by a field, never by id. */
  private mayAutoCreate(r: RefState): boolean {
    return this.ctx.autoCreate[r.ref.field] !== undefined && r.ref.by !== 'id';
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
      (x) => x.id !== null && x.attachmentIds.length === x.node.attachments.length && sequenceNeeds(x).length === 0,
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
    const scoped = r.ref.target.companyScoped && !this.ctx.access.unscoped.has(r.ref.target.name);
    if (!scoped) return 'any';
    return company.state === 'unsettled' ? undefined : lookupScope(r.ref.target, company.id, this.ctx.access.unscoped);
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

  /**
   * Settles what can be settled of a record's company and lookup company: from its payload, else
   * its parent, else the caller. A company named by lookup waits for the lookup (companyFound); one
   * the lookup auto-creates, for the id it takes, reserved in the same round.
   */
  private settleCompany(p: Pending): void {
    const ref = p.node.model.fields.company_id ? p.node.many2one.get('company_id') : undefined;
    const inherited: LookupCompany = p.parent ? p.parent.lookupCompany : inCompany(this.ctx.access.principal.companyId);
    if (ref === undefined) {
      if (p.company.state === 'unsettled') p.company = this.unnamedCompany(p);
      if (p.lookupCompany.state === 'unsettled') p.lookupCompany = inherited;
    } else if (ref === null) {
      p.company = NO_COMPANY;
      if (p.lookupCompany.state === 'unsettled') p.lookupCompany = inherited;
    } else if (p.company.state === 'unsettled') {
      const target = this.byRef.get(p)?.get(ref)?.target;
      if (ref.by === 'id') this.companyFound(p, ref.value as number, ref.path);
      else if (typeof target === 'object' && target.id !== null) this.companyFound(p, target.id, ref.path);
    }
  }

  /** The company of a record whose payload names none: the one stored, its parent's, or the caller's. */
  private unnamedCompany(p: Pending): CompanyState {
    if (!p.node.model.companyScoped) return NO_COMPANY;
    if (p.existing) return companyOf(p.existing.values.company_id);
    if (p.parent) return p.parent.company;
    return inCompany(this.ctx.access.principal.companyId);
  }

  private companyFound(p: Pending, company: number, path: string): void {
    if (!this.ctx.access.mayUseCompany(company)) {
      throw new WebhookError('FORBIDDEN', `Company ${company} is not allowed for this caller`, { path, company_id: company });
    }
    p.company = p.lookupCompany = inCompany(company);
  }

  /** A record made by auto_create for a lookup that found nothing; one per value and scope. */
  private autoCreate(r: RefState): Pending | null {
    if (!this.ctx.access.mayUseModel(r.ref.target.name)) {
      throw new WebhookError('FORBIDDEN', `auto_create would create a '${r.ref.target.name}' record, a model this caller may not use`, {
        path: r.ref.path,
        model: r.ref.target.name,
      });
    }
    const key = autoCreateKey(r);
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
      p.company = inCompany(r.scope!.company);
    }
    // Its lookups search the company it names, as any record's do; naming none, where the lookup that made it searched.
    if (!node.many2one.get('company_id')) p.lookupCompany = r.owner.lookupCompany;
    this.autoCreated.set(key, p);
    return p;
  }
}

/** One auto-created record per value of a lookup batch: a value asked twice makes one record. */
const autoCreateKey = (r: RefState): string => `${lookupKey(r.ref.target, r.ref.by, r.scope!)}|${String(r.ref.value)}`;

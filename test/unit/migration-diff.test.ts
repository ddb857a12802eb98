/**
 * What a changed catalogue needs of the stored records (shared/migration): the diff of each kind
 * of change, the steps planned from it, and how requests are served meanwhile.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildCatalogue, type ModelSpec } from '../../shared/catalogue';
import { char, company, integer, many2one } from '../../shared/catalogue/fields';
import { describeChange, diffCatalogue } from '../../shared/migration/diff';
import { planModel } from '../../shared/migration/plan';
import { builtState, type RecordedModel } from '../../shared/migration/recorded';
import { rewriteValues } from '../../shared/migration/rewrite';
import { servedCatalogue, unkeptFamilies } from '../../shared/migration/view';

const company_: ModelSpec = { name: 'res.company', description: 'Companies', fields: { name: char({ unique: true }) } };
const lead = (fields: ModelSpec['fields'], spec: Partial<ModelSpec> = {}): ModelSpec => ({
  name: 'crm.lead',
  description: 'Leads',
  fields: { name: char({ index: true }), company_id: company(), ...fields },
  ...spec,
});
const base = lead({ code: char(), phone: char(), score: integer() });
const catalogueOf = (...specs: ModelSpec[]) => buildCatalogue([company_, ...specs]);
/** The recorded state of a catalogue as migrated (everything built). */
const recordedOf = (...specs: ModelSpec[]) => new Map([...catalogueOf(...specs).models.values()].map((m) => [m.name, builtState(m, 1)]));

const changesOf = (to: ModelSpec, from: ModelSpec = base) =>
  diffCatalogue(catalogueOf(to), recordedOf(from)).flatMap((d) => d.changes.map((c) => describeChange(d.model, c)));
const refusalsOf = (to: ModelSpec, from: ModelSpec = base) => diffCatalogue(catalogueOf(to), recordedOf(from)).flatMap((d) => d.refusals);

describe('diff: each kind of change', () => {
  test('nothing changed: nothing to migrate', () => {
    assert.deepEqual(diffCatalogue(catalogueOf(base), recordedOf(base)), []);
  });

  test('an index added: to build; a unique constraint added: its index and its guards (after a check for duplicates)', () => {
    assert.deepEqual(changesOf(lead({ code: char(), phone: char({ index: true }), score: integer() })), ['crm.lead: index of phone to build']);
    assert.deepEqual(changesOf(lead({ code: char({ unique: true }), phone: char(), score: integer() })), [
      'crm.lead: index of code to build',
      'crm.lead: unique guards of code (after a check for duplicates) to build',
    ]);
  });

  test('an index or a unique constraint removed: its items to drop', () => {
    const indexed = lead({ code: char({ unique: true }), phone: char(), score: integer() });
    assert.deepEqual(changesOf(base, indexed), ['crm.lead: index entries of code to drop', 'crm.lead: unique guards of code to drop']);
    assert.deepEqual(changesOf(lead({ code: char({ index: true }), phone: char(), score: integer() }), indexed), ['crm.lead: unique guards of code to drop']);
  });

  test('fields added and required: records stored before may lack them, given the default when there is one', () => {
    assert.deepEqual(changesOf(lead({ code: char(), phone: char({ required: true }), score: integer(), city: char({ required: true, default: 'Paris' }) })), [
      'crm.lead.phone: now required: records stored before may lack it (no default to give them)',
      'crm.lead.city: field added (char)',
      'crm.lead.city: now required: records stored before may lack it; those are given its default',
    ]);
  });

  test('a type change is refused unless converted from that type; an indexed one is rebuilt', () => {
    assert.deepEqual(changesOf(lead({ code: char(), phone: char(), score: char() })), ['crm.lead.score: type integer -> char (refused: no conversion declared)']);
    assert.match(refusalsOf(lead({ code: char(), phone: char(), score: char() }))[0]!, /'crm\.lead\.score' changed type from integer to char: declare how its values become char \(convert: \{ from: 'integer'/);
    const wrongFrom = lead({ code: char(), phone: char(), score: char({ convert: { from: 'float', value: String } }) });
    assert.equal(refusalsOf(wrongFrom).length, 1, 'a conversion from another type is no conversion of this change');
    const indexed = lead({ code: char(), phone: char(), score: integer({ index: true }) });
    const converted = lead({ code: char(), phone: char(), score: char({ index: true, convert: { from: 'integer', value: String } }) });
    assert.deepEqual(changesOf(converted, indexed), ['crm.lead.score: type integer -> char: values converted', 'crm.lead: index of score to rebuild (its items may be out of date)']);
    assert.deepEqual(refusalsOf(converted, indexed), []);
  });

  test('a field removed is refused unless retired, then its values are erased', () => {
    assert.deepEqual(refusalsOf(lead({ code: char(), score: integer() })), [
      "field 'crm.lead.phone' is no longer in the catalogue: put it back, or list it in the model's 'retired' to erase its values",
    ]);
    assert.deepEqual(changesOf(lead({ code: char(), score: integer() }, { retired: ['phone'] })), ['crm.lead.phone: retired: its values are erased']);
  });

  test('a model added is built from its records; one removed is refused unless retired, then its records and items go', () => {
    assert.deepEqual(
      diffCatalogue(catalogueOf(base), recordedOf()).flatMap((d) => d.changes.map((c) => describeChange(d.model, c))),
      ['crm.lead: not recorded yet (a new model): its indexes and unique guards are built from its records', 'crm.lead: index of name to build', 'crm.lead: index of company_id to build'],
    );
    assert.match(diffCatalogue(catalogueOf(), recordedOf(base))[0]!.refusals[0]!, /model 'crm\.lead' is no longer in the catalogue: put it back, or list it in 'retiredModels'/);
    const retired = diffCatalogue(buildCatalogue([company_], { retiredModels: ['crm.lead'] }), recordedOf(base));
    assert.deepEqual(retired[0]!.refusals, []);
    assert.deepEqual(retired[0]!.changes.map((c) => describeChange('crm.lead', c)), [
      'crm.lead: retired: its records, index entries and guards are deleted',
      'crm.lead: index entries of name to drop',
      'crm.lead: index entries of company_id to drop',
    ]);
  });

  test('company scoping added to a model: its index entries and guards are rebuilt (they carry the company)', () => {
    const unscoped: ModelSpec = { name: 'x.tag', description: 'Tags', fields: { name: char({ unique: true }) } };
    const scoped: ModelSpec = { ...unscoped, fields: { name: char({ unique: true }), company_id: company() } };
    const d = diffCatalogue(buildCatalogue([company_, scoped]), new Map([...buildCatalogue([company_, unscoped]).models.values()].map((m) => [m.name, builtState(m, 1)])));
    assert.deepEqual(d[0]!.changes.map((c) => describeChange('x.tag', c)), [
      'x.tag.company_id: field added (many2one)',
      'x.tag: index of name to rebuild (its items may be out of date)',
      'x.tag: unique guards of name (after a check for duplicates) to rebuild (its items may be out of date)',
      'x.tag: index of company_id to build',
    ]);
  });

  test('a family left half-built by an earlier run is finished', () => {
    const to = lead({ code: char(), phone: char({ index: true }), score: integer() });
    const rec = recordedOf(base);
    rec.get('crm.lead')!.families['index:phone'] = { state: 'building', form: 'char@company' };
    assert.deepEqual(diffCatalogue(catalogueOf(to), rec).flatMap((d) => d.changes.map((c) => describeChange(d.model, c))), ['crm.lead: index of phone to finish building']);
  });
});

describe('diff and plan: a changed shard count', () => {
  const sharded = (shards: number) => lead({ code: char(), phone: char(), score: integer() }, { shards });

  test('is a move, planned first (the steps after it walk the records where they then lie), up or down', () => {
    assert.deepEqual(changesOf(sharded(8)), ['crm.lead: shard count 1 -> 8: its records, index entries and guards are moved (their writes are refused meanwhile)']);
    assert.deepEqual(refusalsOf(sharded(8)), []);
    assert.deepEqual(changesOf(sharded(2), sharded(8)), ['crm.lead: shard count 8 -> 2: its records, index entries and guards are moved (their writes are refused meanwhile)']);
    const to = lead({ code: char(), phone: char({ index: true }), score: integer() }, { shards: 4 });
    const [d] = diffCatalogue(catalogueOf(to), recordedOf(base));
    const move = (phase: string) => ({ kind: 'move', phase, from: 1, to: 4 });
    assert.deepEqual(planModel(catalogueOf(to).get('crm.lead'), d!), [
      move('pause'),
      move('copy'),
      move('switch'),
      move('resume'),
      move('clean'),
      { kind: 'mark' },
      { kind: 'build', families: ['index:phone'] },
    ]);
  });

  test('a move left unfinished is finished to its count; a catalogue that says another count is refused until then', () => {
    const rec = recordedOf(base);
    rec.get('crm.lead')!.move = { to: 8, state: 'moving' };
    assert.deepEqual(diffCatalogue(catalogueOf(sharded(8)), rec).flatMap((d) => d.refusals), []);
    const refused = diffCatalogue(catalogueOf(sharded(16)), rec).flatMap((d) => d.refusals);
    assert.match(refused[0]!, /'crm\.lead' is being moved from 1 to 8 shards by a migrate that has not finished: set shards: 8 and run migrate/);
  });

  test('served meanwhile: writes refused; reads of the recorded layout while moving, of the new one once moved', () => {
    const rec = recordedOf(base);
    const served = () => servedCatalogue(catalogueOf(sharded(8)), rec).get('crm.lead')!;
    assert.deepEqual([served().shards, served().moving], [1, undefined], 'not moved yet: served as recorded');
    rec.get('crm.lead')!.move = { to: 8, state: 'moving' };
    assert.deepEqual([served().shards, served().moving], [1, true]);
    rec.get('crm.lead')!.move = { to: 8, state: 'moved' };
    assert.deepEqual([served().shards, served().moving], [8, true]);
  });
});

describe('plan: the steps of a model', () => {
  test('indexes first, then each new unique field checked for duplicates, enforced, and its guards built', () => {
    const to = lead({ code: char({ unique: true }), phone: char({ index: true }), score: integer() });
    const [d] = diffCatalogue(catalogueOf(to), recordedOf(base));
    assert.deepEqual(planModel(catalogueOf(to).get('crm.lead'), d!), [
      { kind: 'mark' },
      { kind: 'build', families: ['index:code', 'index:phone'] },
      { kind: 'check', field: 'code' },
      { kind: 'enforce', fields: ['code'] },
      { kind: 'build', families: ['guard:code'] },
    ]);
  });

  test('stale families are dropped before they are rebuilt; conversions, erasures and defaults are one rewrite', () => {
    const from = lead({ code: char(), phone: char(), score: integer({ index: true }) });
    const to = lead({ code: char(), city: char({ required: true, default: 'Paris' }), score: char({ index: true, convert: { from: 'integer', value: String } }) }, { retired: ['phone'] });
    const [d] = diffCatalogue(catalogueOf(to), recordedOf(from));
    assert.deepEqual(planModel(catalogueOf(to).get('crm.lead'), d!), [
      { kind: 'mark' },
      { kind: 'drop', family: 'index:score' },
      { kind: 'rewrite', fields: [{ field: 'phone', action: 'erase' }, { field: 'score', action: 'convert' }, { field: 'city', action: 'fill' }] },
      { kind: 'build', families: ['index:score'] },
    ]);
  });

  test('rewrites: values not of the new type converted, others kept; retired values erased; defaults given to records that lack one', () => {
    const to = catalogueOf(lead({ code: char(), city: char({ required: true, default: () => 'Paris' }), score: char({ convert: { from: 'integer', value: (v) => `#${v}` } }) }, { retired: ['phone'] })).get('crm.lead')!;
    const rewrites = [{ field: 'score', action: 'convert' }, { field: 'phone', action: 'erase' }, { field: 'city', action: 'fill' }] as const;
    assert.deepEqual(rewriteValues(to, { score: 7, phone: '555', city: null }, rewrites, new Date()), { score: '#7', phone: null, city: 'Paris' });
    assert.equal(rewriteValues(to, { score: 'written since', city: 'Lyon' }, rewrites, new Date()), null);
  });
});

describe('served catalogue: what requests use while the records lag the catalogue', () => {
  const to = lead({ code: char({ unique: true }), phone: char({ index: true }), score: integer(), partner: many2one('res.company') });

  test('an index not built is kept by writes but not read: lookups by it are INDEX_BUILDING, searches read records', () => {
    const served = servedCatalogue(catalogueOf(to), recordedOf(base)).get('crm.lead')!;
    assert.deepEqual(served.indexed, ['name', 'company_id']);
    assert.deepEqual(served.building, ['code', 'phone']);
    assert.deepEqual(served.maintained, { indexes: ['name', 'company_id', 'code', 'phone'], guards: [] });
    assert.deepEqual(served.guarded, []);
  });

  test('guards being built are kept and checked by writes, not read; once ready they are read too', () => {
    const rec = recordedOf(base);
    const families = rec.get('crm.lead')!.families;
    families['index:code'] = { state: 'ready', form: 'char@company' };
    families['guard:code'] = { state: 'building', form: 'char@company' };
    let served = servedCatalogue(catalogueOf(to), rec).get('crm.lead')!;
    assert.deepEqual([served.guarded, served.maintained.guards], [[], ['code']]);
    families['guard:code'] = { state: 'ready', form: 'char@company' };
    served = servedCatalogue(catalogueOf(to), rec).get('crm.lead')!;
    assert.deepEqual([served.guarded, served.maintained.guards], [['code'], ['code']]);
  });

  test('a model not recorded yet: everything kept, nothing read', () => {
    const served = servedCatalogue(catalogueOf(to), new Map()).get('crm.lead')!;
    assert.deepEqual([served.indexed, served.guarded, served.maintained.guards], [[], [], ['code']]);
  });

  test('families recorded as kept that a deployment no longer keeps as they are are to be marked stale', () => {
    const from = lead({ code: char({ unique: true }), phone: char({ index: true }), score: integer({ index: true }) });
    const rec: Map<string, RecordedModel> = recordedOf(from);
    assert.deepEqual(unkeptFamilies(catalogueOf(from), rec), new Map());
    const to2 = lead({ code: char({ index: true }), phone: char(), score: char({ index: true }) });
    assert.deepEqual(unkeptFamilies(catalogueOf(to2), rec), new Map([['crm.lead', ['guard:code', 'index:phone', 'index:score']]]));
  });
});

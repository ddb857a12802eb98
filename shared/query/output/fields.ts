import type { Catalogue, FieldDef, Model } from '../../catalogue';
import { WebhookError } from '../../envelope';
import { unknownField } from '../../resolver';
import { isRelational } from '../conditions/cond';
import { MAX_PROJECTION_DEPTH } from '../limits';

/**
 * `search_field`: `["name", "partner_id{name, email}", "order_line{product_id{name}}"]`. A field
 * followed by `{...}` is expanded into objects of the related records with those fields (`{}`:
 * all of them); `id` is always returned. Empty or absent: every field but binary ones, which are
 * returned only when named.
 */
export interface FieldSpec {
  name: string;
  def: FieldDef;
  /** The fields of the related records, when expanded. */
  expand?: Projection;
}

export interface Projection {
  model: Model;
  fields: FieldSpec[];
}

/** `key`: the key the list was sent as, for messages (write routes read `result_field` with it). */
export function readSearchFields(model: Model, raw: unknown, catalogue: Catalogue, key = 'search_field'): Projection {
  if (raw === undefined || raw === null) return allFields(model);
  const list = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(list) || !list.every((f) => typeof f === 'string')) {
    throw new WebhookError('INVALID_VALUE', `'${key}' must be a list of field names`, { path: key });
  }
  if (list.length === 0) return allFields(model);
  const fields: FieldSpec[] = [];
  list.forEach((text, i) => {
    const reader = new Reader(text, key, i, catalogue);
    fields.push(...reader.list(model, 0));
    reader.end();
  });
  return { model, fields: merge(fields) };
}

function allFields(model: Model): Projection {
  const fields = Object.entries(model.fields)
    .filter(([name, def]) => name !== 'id' && def.type !== 'binary')
    .map(([name, def]) => ({ name, def }));
  return { model, fields };
}

/** A field named twice is returned once; two expansions of it are merged. */
function merge(fields: FieldSpec[]): FieldSpec[] {
  const out = new Map<string, FieldSpec>();
  for (const f of fields) {
    const seen = out.get(f.name);
    if (!seen?.expand || !f.expand) out.set(f.name, seen?.expand && !f.expand ? seen : f);
    else out.set(f.name, { ...f, expand: { model: f.expand.model, fields: merge([...seen.expand.fields, ...f.expand.fields]) } });
  }
  return [...out.values()];
}

class Reader {
  private pos = 0;
  private readonly path: string;
  constructor(
    private readonly text: string,
    private readonly key: string,
    index: number,
    private readonly catalogue: Catalogue,
  ) {
    this.path = `${key}[${index}]`;
  }

  private fail(what: string): never {
    throw new WebhookError('INVALID_VALUE', `${this.key}: ${what} at position ${this.pos} of ${JSON.stringify(this.text)}`, {
      path: this.path,
      position: this.pos,
    });
  }

  private skipSpace(): void {
    while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  end(): void {
    this.skipSpace();
    if (this.pos < this.text.length) this.fail(`unexpected '${this.text[this.pos]}'`);
  }

  /** `a, b{c}`, up to a closing brace or the end. */
  list(model: Model, depth: number): FieldSpec[] {
    const fields: FieldSpec[] = [];
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.text.length || this.text[this.pos] === '}') return fields;
      if (fields.length > 0) {
        if (this.text[this.pos] !== ',') this.fail("expected ',' between fields");
        this.pos++;
        this.skipSpace();
      }
      fields.push(this.field(model, depth));
    }
  }

  private field(model: Model, depth: number): FieldSpec {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (!m) this.fail('expected a field name');
    const name = m[0];
    const def = Object.hasOwn(model.fields, name) ? model.fields[name]! : null;
    if (!def) throw unknownField(model, name, `${this.path}.${name}`);
    this.pos += name.length;
    this.skipSpace();
    if (this.text[this.pos] !== '{') return { name, def };
    if (!isRelational(def)) return this.fail(`'${name}' is a ${def.type} field; only many2one, one2many and many2many fields expand`);
    if (depth + 1 > MAX_PROJECTION_DEPTH) this.fail(`fields are expanded more than ${MAX_PROJECTION_DEPTH} levels deep`);
    this.pos++;
    const comodel = this.catalogue.get(def.comodel)!;
    const inner = this.list(comodel, depth + 1);
    if (this.text[this.pos] !== '}') this.fail(`expected '}' to close '${name}{'`);
    this.pos++;
    return { name, def, expand: inner.length === 0 ? allFields(comodel) : { model: comodel, fields: merge(inner) } };
  }
}

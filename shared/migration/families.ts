import type { Model } from '../catalogue';

/**
 * Items derived from a model's records, as families: the index entries of one field, the unique
 * guards of one field. What a migration builds, rebuilds or drops is a list of families, so that
 * another way of deriving items (a sharded key layout, say) is another kind of family.
 */
export type FamilyKind = 'index' | 'guard';

export interface Family {
  kind: FamilyKind;
  field: string;
}

/** `index:phone`, `guard:ref`: how a family is named in the recorded state and in messages. */
export const familyId = (f: Family): string => `${f.kind}:${f.field}`;

export function parseFamilyId(id: string): Family {
  const [kind, field] = id.split(':') as [FamilyKind, string];
  return { kind, field };
}

/** Fields the catalogue indexes (unique ones included), whether or not their index is built. */
export const declaredIndexes = (model: Model): string[] =>
  Object.entries(model.fields)
    .filter(([, f]) => f.index || f.unique)
    .map(([name]) => name);

/** The families the catalogue declares for a model: an index per indexed field, guards per unique one. */
export function declaredFamilies(model: Model): Family[] {
  return declaredIndexes(model).flatMap((field): Family[] =>
    model.fields[field]!.unique ? [{ kind: 'index', field }, { kind: 'guard', field }] : [{ kind: 'index', field }],
  );
}

/**
 * What a family's stored items depend on besides the values: the field's type (values are encoded
 * by type) and whether records are scoped by company (entries carry the company, guards are keyed
 * by it). Items written under another form are rebuilt.
 */
export function familyForm(model: Model, f: Family): string {
  return `${model.fields[f.field]!.type}${model.companyScoped ? '@company' : ''}`;
}

/**
 * search_data's engine: Odoo domains (domain.ts, literal.ts) checked against the catalogue
 * (compile.ts), related searches answered (resolve.ts), a plan over the store chosen (plan.ts,
 * pushdown.ts) and run (collect.ts), then the records rendered with the fields asked for
 * (fields.ts, projection.ts) in the requested order (order.ts).
 */
export { parseDomain, printDomain, negate, and, or, TRUE, FALSE, OPERATORS, MAX_DOMAIN_ELEMENTS, MAX_DOMAIN_LENGTH, MAX_DOMAIN_VALUES } from './domain';
export type { Domain, Operator, Term, Value, Scalar } from './domain';
export { parseOrder, compareUtf8, type OrderKey } from './order';
export { readSearchFields, MAX_PROJECTION_DEPTH, type Projection, type FieldSpec } from './fields';
export { renderRecords } from './projection';
export { answerTooLarge } from './errors';
export { modelsReached, searchRecords, type SearchRequest, type SearchResult } from './search';
export { MAX_RELATED_IDS, MAX_TREE_DEPTH, type SearchScope } from './resolve';
export { MAX_INDEX_VALUES, planSearch, type SearchPlan, type Access } from './plan';
export { compileQuery } from './compile';

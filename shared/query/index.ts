/**
 * search_data's engine: Odoo domains (domain.ts, literal.ts) checked against the catalogue
 * (compile.ts), related searches answered (resolve.ts), a plan over the store chosen (plan.ts,
 * pushdown.ts) and run (collect.ts), then the records rendered with the fields asked for
 * (fields.ts, projection.ts) in the requested order (order.ts).
 */
export { parseDomain, printDomain, negate, and, or, OPERATORS } from './domain';
export type { Domain, Scalar } from './domain';
export { parseOrder, compareUtf8, type OrderKey } from './order';
export { readSearchFields, type Projection } from './fields';
export { renderRecords } from './projection';
export { answerTooLarge } from './errors';
export { modelsReached, searchRecords, type SearchRequest, type SearchResult } from './search';
export type { SearchScope } from './resolve';
export { planSearch, type SearchPlan } from './plan';
export { compileQuery } from './compile';

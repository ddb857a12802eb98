/**
 * search_data's engine, by stage: Odoo domains read (domain/literal.ts, domain/parse.ts) and
 * checked against the catalogue into conditions (domain/compile.ts, conditions/); a plan over the
 * store chosen (planner/, with what a read can filter: conditions/pushdown.ts); the reads
 * (execution/: related searches answered, then candidates collected); the records rendered with
 * the fields asked for (output/) in the requested order (order.ts, used by every stage).
 */
export { parseDomain, printDomain, negate, and, or, OPERATORS } from './domain/parse';
export type { Domain, Scalar } from './domain/parse';
export { parseOrder, compareUtf8, type OrderKey } from './order';
export { readSearchFields, type Projection } from './output/fields';
export { renderRecords } from './output/projection';
export { answerTooLarge } from './errors';
export { modelsReached, searchRecords, type SearchRequest, type SearchResult } from './execution/search';
export type { SearchScope } from './execution/resolve';
export { planSearch, type SearchPlan } from './planner/plan';
export { compileQuery } from './domain/compile';

/**
 * The limits of a search, in one place: what a search_data call may ask for before it is
 * LIMIT_EXCEEDED (or, for a nesting too deep to be a domain, DOMAIN), and where the planner stops
 * reading an index. docs/limits.md gives each its value; a unit test keeps the two in step.
 */

/** Characters of a domain's text. */
export const MAX_DOMAIN_LENGTH = 200_000;
/** Terms and operators of one domain. */
export const MAX_DOMAIN_ELEMENTS = 1_000;
/** Values in a domain's lists, all together. */
export const MAX_DOMAIN_VALUES = 10_000;
/** A domain is a list of terms of value lists: anything nested deeper is not a domain. */
export const MAX_DOMAIN_DEPTH = 8;
/** Fields a dotted path may go through. */
export const MAX_PATH_LENGTH = 8;
/** Levels of `{...}` one search_field may nest. */
export const MAX_PROJECTION_DEPTH = 8;
/** Records one related search (or tree) may yield; more is LIMIT_EXCEEDED, asking to narrow it. */
export const MAX_RELATED_IDS = 10_000;
/** Generations a child_of / parent_of walk follows. */
export const MAX_TREE_DEPTH = 64;
/** An `in` with more values than this reads the records instead of one index Query per value. */
export const MAX_INDEX_VALUES = 50;

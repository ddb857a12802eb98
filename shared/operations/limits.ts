/**
 * Limits of what a request's `vals` may hold and of what an answer may carry, for the operations
 * that check them and the API's description. docs/limits.md gives each its value; a unit test keeps
 * the two in step.
 */

/** Most values one key of a search_key may list. */
export const MAX_SEARCH_KEY_VALUES = 100;

/** Most records one `multi` update may change. */
export const MAX_MULTI = 1000;

/** Lambda answers at most 6 MB; what is left once the envelope is around the records. */
export const MAX_ANSWER_BYTES = 6 * 1024 * 1024 - 64 * 1024;

/**
 * `count: true` and orders sorted in memory read every match: at most this many times
 * search_max_limit (10,000 by default), which keeps such a search within a function's memory
 * and time; more is LIMIT_EXCEEDED.
 */
export const MAX_READ_FACTOR = 10;

/** Limits of what a request's `vals` may hold, for the operations that check them and the API's description. */

/** Most values one key of a search_key may list. */
export const MAX_SEARCH_KEY_VALUES = 100;

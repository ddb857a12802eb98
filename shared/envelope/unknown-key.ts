import { WebhookError } from './errors';

/**
 * Strict keys: an object of the request (`params`, `vals`, a payload of fixed keys) may hold only
 * the keys its level takes. A typo must never widen a search or drop an option, so an unknown key
 * fails with UNKNOWN_KEY, naming it, listing the accepted keys and suggesting the closest.
 */
export interface KeyLevel {
  /** Where the object sits, as the caller wrote it: `vals`, `payload`. */
  where: string;
  /** The route or object that reads it, for the message: `update_data`. */
  reader: string;
  accepted: readonly string[];
  /** Keys that belong one level down (`search_domain` sent beside `payload` instead of inside it). */
  inside?: { key: string; keys: readonly string[] };
}

export function checkKeys(object: Record<string, unknown>, level: KeyLevel): void {
  for (const key of Object.keys(object)) {
    if (!level.accepted.includes(key)) throw unknownKey(key, level);
  }
}

function unknownKey(key: string, level: KeyLevel): WebhookError {
  const suggestion = closest(key, level.accepted);
  const belongsInside = level.inside?.keys.includes(key) ? level.inside.key : null;
  const hint = belongsInside
    ? `; '${key}' belongs inside '${belongsInside}'`
    : suggestion
      ? `; did you mean '${suggestion}'?`
      : '';
  return new WebhookError(
    'UNKNOWN_KEY',
    `Unknown key '${printable(key)}' in '${level.where}': ${level.reader} reads ${level.accepted.map((k) => `'${k}'`).join(', ')}${hint}`,
    { key, path: `${level.where}.${key}`, accepted: level.accepted, ...(suggestion ? { suggestion } : {}), ...(belongsInside ? { inside: belongsInside } : {}) },
  );
}

/** A caller's key in a message: at most 80 characters. */
const printable = (key: string): string => (key.length > 80 ? `${key.slice(0, 77)}...` : key);

/**
 * The accepted key closest to `key` by edit distance (insertions, deletions, substitutions and
 * swaps of two neighbours, as typos are made), when it is close enough to be what was meant:
 * at most 2 edits, and fewer than half the key's length. Case and `-`/`_` are not told apart.
 */
export function closest(key: string, accepted: readonly string[]): string | undefined {
  if (key.length > 64) return undefined;
  const norm = (s: string) => s.toLowerCase().replace(/-/g, '_');
  let best: { name: string; distance: number } | undefined;
  for (const name of accepted) {
    const distance = editDistance(norm(key), norm(name));
    if (distance <= 2 && distance * 2 < Math.max(key.length, name.length) && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

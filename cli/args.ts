import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage';

type Options = NonNullable<ParseArgsConfig['options']>;

/** A negative number is a value (`params set preview_limit -5`), never an option. */
const NEGATIVE_NUMBER = /^-\d/;

/**
 * Options and positionals of a command (`node:util` parseArgs, strict); an unknown option or a
 * missing value is a UsageError followed by the command's usage.
 */
export function parseCommand<O extends Options>(args: string[], options: O, usage?: string) {
  const negatives: string[] = [];
  // Stood in for by a placeholder parseArgs takes as a positional, then put back in its place.
  const masked = args.map((a) => (NEGATIVE_NUMBER.test(a) ? `\u0000${negatives.push(a) - 1}` : a));
  try {
    const parsed = parseArgs({ args: masked, options, allowPositionals: true, strict: true });
    const positionals = parsed.positionals.map((p) => (p.startsWith('\u0000') ? negatives[Number(p.slice(1))]! : p));
    return { values: parsed.values, positionals };
  } catch (error) {
    throw new UsageError(usage ? `${(error as Error).message}\n${usage}` : (error as Error).message);
  }
}

/** Options of a command that takes no positional argument: anything left over is a UsageError. */
export function parseOptions<O extends Options>(args: string[], options: O, usage: string) {
  const { values, positionals } = parseCommand(args, options, usage);
  if (positionals.length > 0) throw new UsageError(`unexpected ${positionals.join(' ')}\n${usage}`);
  return values;
}

/** A whole number of at least 1, from an option's text. */
export function positiveInteger(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new UsageError(`--${name} must be a whole number of at least 1, not '${raw}'`);
  return Number(raw);
}

/** Rows as columns padded to the widest cell. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}

/** How a listing command shows its items: `--json` prints one object a line, else a table. */
export interface Listing<T> {
  json: (item: T) => unknown;
  empty: string;
  header: string[];
  row: (item: T) => string[];
}

/** Prints a listing command's items, as JSON lines or as a table (`empty` when there is none). */
export function printListing<T>(items: readonly T[], asJson: boolean | undefined, listing: Listing<T>): void {
  if (asJson) {
    for (const item of items) console.log(JSON.stringify(listing.json(item)));
    return;
  }
  console.log(items.length === 0 ? listing.empty : table(listing.header, items.map(listing.row)));
}

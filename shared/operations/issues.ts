/** A zod issue, as much of it as the messages need (zod/mini ships no message texts). */
interface Issue {
  code: string;
  path: PropertyKey[];
  expected?: string;
  minimum?: unknown;
  maximum?: unknown;
  inclusive?: boolean;
  keys?: string[];
  values?: unknown[];
}

/** Readable text of schema issues about `input`: `'limit' must be >= 0; unknown parameter 'x'`. */
export function describeIssues(issues: readonly Issue[], input: unknown): string {
  return issues.map((issue) => describe(issue, input)).join('; ');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) v = typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

function describe(issue: Issue, input: unknown): string {
  const name = issue.path.length > 0 ? `'${issue.path.map(String).join('.')}'` : 'the value';
  switch (issue.code) {
    case 'invalid_type':
      return valueAt(input, issue.path) === undefined ? `${name} is required` : `${name} must be ${article(issue.expected ?? 'valid')}`;
    case 'too_small':
      return `${name} must be ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      return `${name} must be ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}`;
    case 'unrecognized_keys':
      return (issue.keys ?? []).map((k) => `unknown parameter '${k}'`).join('; ');
    case 'invalid_value':
      return `${name} must be one of ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${name} is invalid (${issue.code})`;
  }
}

const article = (type: string): string => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

/**
 * Secrets never reach a log: values under keys that name one (password, token, API key, cookie,
 * ...) are replaced, at any depth of the request. Authorization headers and cookies are not in
 * `params` at all; these keys are for callers that put credentials in a payload.
 */
export const REDACTED = '[redacted]';

const SECRET_KEY = /passw(or)?d|secret|token|api_?key|authorization|cookie|session_id|credential/i;

const isSecretKey = (key: string): boolean => SECRET_KEY.test(key);

/** A copy of a JSON value with secret values replaced. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value !== 'object' || value === null) return value;
  // fromEntries defines properties, so a `__proto__` key stays a plain key.
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSecretKey(k) && v !== null && v !== false ? REDACTED : redact(v)]));
}

/**
 * The same for a body that could not be parsed: wherever the text still looks like a JSON member
 * `"<secret key>": "<string>"`, the string is replaced. One pass over the text (no backtracking
 * regular expression: the text is whatever a caller sent, up to 6 MB).
 */
export function redactText(text: string): string {
  const out: string[] = [];
  let i = 0;
  let afterSecretKey = false;
  while (i < text.length) {
    const start = text.indexOf('"', i);
    if (start === -1) {
      out.push(text.slice(i));
      break;
    }
    const between = text.slice(i, start);
    const end = stringEnd(text, start);
    const value: boolean = afterSecretKey && /^\s*:\s*$/.test(between);
    out.push(between, value ? `"${REDACTED}"` : text.slice(start, end));
    afterSecretKey = !value && isSecretKey(text.slice(start, end));
    i = end;
  }
  return out.join('');
}

/** Where the string literal opening at `start` ends (after its closing quote), or the text's end. */
function stringEnd(text: string, start: number): number {
  for (let j = start + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  return text.length;
}

/**
 * Secrets never reach a log: values under keys that name one (password, token, API key, cookie,
 * ...) are replaced, at any depth of the request. Authorization headers and cookies are not in
 * `params` at all; these keys are for callers that put credentials in a payload.
 */
export const REDACTED = '[redacted]';

const SECRET_KEY = /passw(or)?d|secret|token|api_?key|authorization|cookie|session_id|credential/i;

export const isSecretKey = (key: string): boolean => SECRET_KEY.test(key);

/** A copy of a JSON value with secret values replaced. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value !== 'object' || value === null) return value;
  // fromEntries defines properties, so a `__proto__` key stays a plain key.
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSecretKey(k) && v !== null && v !== false ? REDACTED : redact(v)]));
}

/** `"<key naming a secret>": "<string>"` in a JSON-ish text. */
const SECRET_MEMBER = /("(?:[^"\\]|\\.)*"\s*:\s*)"(?:[^"\\]|\\.)*"/g;

/**
 * The same for a body that could not be parsed: string values of secret-named keys are replaced
 * wherever the text still looks like a JSON member.
 */
export function redactText(text: string): string {
  return text.replace(SECRET_MEMBER, (member, head: string) => (isSecretKey(head.slice(0, head.lastIndexOf(':'))) ? `${head}"${REDACTED}"` : member));
}

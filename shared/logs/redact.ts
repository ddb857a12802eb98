/**
 * Secrets never reach a log: values under keys that name one (password, token, API key, cookie,
 * session, PIN, ...) are replaced, at any depth of the request, and in bodies that are not JSON.
 * Authorization headers and cookies are not in `params` at all; these keys are for callers that
 * put credentials in a payload or a method's context.
 */
export const REDACTED = '[redacted]';

/** Names that mark a secret wherever they appear in a key (`new_password`, `x-api-key`, `stripeSecret`). */
const SECRET_PARTS = [
  'password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'privatekey', 'authorization', 'bearer',
  'cookie', 'credential', 'sessionid', 'signature',
];
/** Short names that mark a secret only as a word of the key (`pin`, `user_pin`; not `shipping`). */
const SECRET_WORDS = new Set(['pwd', 'pass', 'auth', 'session', 'sid', 'otp', 'pin']);
/** No secret's name is longer; a longer key is not looked into. */
const MAX_KEY_CHARS = 256;

/** Whether a key names a secret: in any case, with `-`, `_`, `.` or camelCase between its words. */
export function isSecretKey(key: string): boolean {
  if (key.length > MAX_KEY_CHARS) return false;
  const squashed = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (SECRET_PARTS.some((part) => squashed.includes(part))) return true;
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .some((word) => SECRET_WORDS.has(word));
}

/** A copy of a JSON value with secret values replaced. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value !== 'object' || value === null) return value;
  // fromEntries defines properties, so a `__proto__` key stays a plain key.
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSecretKey(k) && v !== null && v !== false ? REDACTED : redact(v)]));
}

const NAME_CHAR = /[A-Za-z0-9_.-]/;
const SPACE = /\s/;
/** After these (or at the start), a quote opens a string; elsewhere (`it's`) it is a character. */
const BEFORE_STRING = new Set(['', '{', '[', '(', ',', ':', '=']);

/**
 * The same for a body that could not be parsed (form data, Python literals, cut JSON, headers
 * pasted in): wherever a secret's name, bare or quoted, is followed by `:` or `=`, the value after
 * it is replaced:
 *
 *   "password": "x"   'password': 'x'   password=x&...   Authorization: Bearer x⏎   "auth": {...}
 *
 * A quoted value is replaced up to its closing quote (or the end), an object or list up to its
 * closing bracket (or the end), a bare value up to the end of its line (after `:`) or to the
 * next `&`, `;`, `,` or space (after `=`). One pass over the text: every character is read a
 * bounded number of times (no backtracking regular expression: the text is whatever a caller
 * sent, up to 6 MB).
 */
export function redactText(text: string): string {
  const out: string[] = [];
  let i = 0;
  let last = ''; // the last character read that is not a space
  const skipSpaces = (from: number): number => {
    let j = from;
    while (j < text.length && SPACE.test(text[j]!)) j++;
    return j;
  };
  while (i < text.length) {
    const c = text[i]!;
    let end: number;
    let quoted = false;
    if ((c === '"' || c === "'") && BEFORE_STRING.has(last)) {
      end = stringEnd(text, i);
      quoted = true;
    } else if (NAME_CHAR.test(c)) {
      end = i + 1;
      while (end < text.length && NAME_CHAR.test(text[end]!)) end++;
    } else {
      out.push(c);
      if (!SPACE.test(c)) last = c;
      i++;
      continue;
    }
    out.push(text.slice(i, end));
    last = text[end - 1]!;
    const name = quoted ? text.slice(i + 1, end - 1) : text.slice(i, end);
    i = end;
    if (!isSecretKey(name)) continue;
    const sep = skipSpaces(i);
    if (text[sep] !== ':' && text[sep] !== '=') continue;
    const start = skipSpaces(sep + 1);
    out.push(text.slice(i, start));
    const valueEnd = valueEndAt(text, start, { quotedKey: quoted, equals: text[sep] === '=' });
    const open = text[start];
    out.push(open === '"' || open === "'" ? `${open}${REDACTED}${open}` : REDACTED);
    last = 'x';
    i = valueEnd;
  }
  return out.join('');
}

/** Where the value starting at `start` ends (see redactText). */
function valueEndAt(text: string, start: number, key: { quotedKey: boolean; equals: boolean }): number {
  const open = text[start];
  if (open === '"' || open === "'") return stringEnd(text, start);
  if (open === '{' || open === '[') return bracketEnd(text, start);
  const stops = key.quotedKey ? ',}])\r\n' : key.equals ? '&;,\r\n\t ' : '\r\n';
  let j = start;
  while (j < text.length && !stops.includes(text[j]!)) j++;
  return j;
}

/** Where the string literal opening at `start` ends (after its closing quote), or the text's end. */
function stringEnd(text: string, start: number): number {
  const quote = text[start];
  for (let j = start + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === quote) return j + 1;
  }
  return text.length;
}

/** Where the object or list opening at `start` closes (strings inside skipped), or the text's end. */
function bracketEnd(text: string, start: number): number {
  let depth = 0;
  for (let j = start; j < text.length; j++) {
    const c = text[j];
    if (c === '"' || c === "'") j = stringEnd(text, j) - 1;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) return j + 1;
  }
  return text.length;
}

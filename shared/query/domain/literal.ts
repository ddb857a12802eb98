import { domainError, type Where } from '../errors';
import { MAX_DOMAIN_DEPTH } from '../limits';

/**
 * A value of a domain as written: the Python literal callers send (`[('a', '=', True)]`) read by a
 * real tokenizer and parser, never evaluated. Positions (`at`) are offsets into the text, or JSON
 * paths (`search_domain[1][2]`) when the domain came as a JSON array.
 */
export type Scalar = string | number | boolean | null;

export type Lit = { kind: 'scalar'; value: Scalar; at: Where } | { kind: 'list'; items: Lit[]; at: Where };

const NAMES: Record<string, Scalar> = {
  True: true,
  False: false,
  None: null,
  // JSON spellings, for callers that send a JSON array as a string.
  true: true,
  false: false,
  null: null,
};

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  v: '\v',
  a: '\x07',
  '\n': '',
};

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isNameChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

/** Reads the whole text as one literal; anything after it is an error. */
export function parseLiteral(text: string): Lit {
  const p = new Reader(text);
  const value = p.value(0);
  p.skipSpace();
  if (p.pos < text.length) p.fail(`unexpected ${p.describeHere()} after the domain`);
  return value;
}

class Reader {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(what: string, at = this.pos): never {
    throw domainError(what, at, this.text);
  }

  describeHere(): string {
    const c = this.text[this.pos];
    return c === undefined ? 'end of text' : `'${c}'`;
  }

  skipSpace(): void {
    while (isSpace(this.text[this.pos])) this.pos++;
  }

  value(depth: number): Lit {
    this.skipSpace();
    const c = this.text[this.pos];
    const at = this.pos;
    if (c === '[' || c === '(') {
      if (depth >= MAX_DOMAIN_DEPTH) this.fail(`lists nested more than ${MAX_DOMAIN_DEPTH} deep`);
      return this.sequence(depth);
    }
    if (c === "'" || c === '"') return { kind: 'scalar', value: this.strings(), at };
    if (isDigit(c) || c === '-' || c === '+' || c === '.') return { kind: 'scalar', value: this.number(), at };
    if (isNameChar(c)) {
      const word = this.word();
      if (/^[uUrR]$/.test(word) && (this.text[this.pos] === "'" || this.text[this.pos] === '"')) {
        this.pos = at;
        return { kind: 'scalar', value: this.strings(), at };
      }
      if (Object.hasOwn(NAMES, word)) return { kind: 'scalar', value: NAMES[word]!, at };
      this.fail(`unknown name '${word}' (a domain holds literals: strings, numbers, True, False, None, lists)`, at);
    }
    if (c === undefined) this.fail('unexpected end of text, expected a value');
    this.fail(`unexpected '${c}', expected a value`);
  }

  private word(): string {
    const start = this.pos;
    while (isNameChar(this.text[this.pos])) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** `[a, b]` or `(a, b)`; `(a)` is `a` itself, as in Python; a trailing comma is allowed. */
  private sequence(depth: number): Lit {
    const at = this.pos;
    const open = this.text[this.pos++]!;
    const close = open === '[' ? ']' : ')';
    const items: Lit[] = [];
    let comma = false;
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === close) {
        this.pos++;
        break;
      }
      if (items.length > 0 && !comma) this.fail(`expected ',' or '${close}', found ${this.describeHere()}`);
      items.push(this.value(depth + 1));
      this.skipSpace();
      comma = this.text[this.pos] === ',';
      if (comma) this.pos++;
    }
    if (open === '(' && items.length === 1 && !comma) return items[0]!;
    return { kind: 'list', items, at };
  }

  /** One string, or adjacent ones (`'a' 'b'` is `'ab'` in Python). */
  private strings(): string {
    let out = this.string();
    for (;;) {
      const save = this.pos;
      this.skipSpace();
      const c = this.text[this.pos];
      const next = this.text[this.pos + 1];
      if (c === "'" || c === '"' || (/^[uUrR]$/.test(c ?? '') && (next === "'" || next === '"'))) out += this.string();
      else {
        this.pos = save;
        return out;
      }
    }
  }

  private string(): string {
    const start = this.pos;
    let raw = false;
    if (/[uUrR]/.test(this.text[this.pos]!)) raw = /[rR]/.test(this.text[this.pos++]!);
    const quote = this.text[this.pos++]!;
    if (this.text.startsWith(quote.repeat(2), this.pos)) this.fail('triple-quoted strings are not supported', start);
    let out = '';
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined || c === '\n') this.fail('unterminated string', start);
      this.pos++;
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[this.pos];
      if (e === undefined) this.fail('unterminated string', start);
      if (raw) {
        // Raw strings keep the backslash; it only stops a quote from ending the string.
        out += `\\${e}`;
        this.pos++;
      } else out += this.escape();
    }
  }

  private escape(): string {
    const at = this.pos - 1;
    const e = this.text[this.pos++]!;
    if (Object.hasOwn(SIMPLE_ESCAPES, e)) return SIMPLE_ESCAPES[e]!;
    const hex = (n: number): string => {
      const digits = this.text.slice(this.pos, this.pos + n);
      if (!new RegExp(`^[0-9A-Fa-f]{${n}}$`).test(digits)) this.fail(`invalid \\${e} escape`, at);
      this.pos += n;
      const code = parseInt(digits, 16);
      if (code > 0x10ffff) this.fail(`invalid \\${e} escape`, at);
      return String.fromCodePoint(code);
    };
    if (e === 'x') return hex(2);
    if (e === 'u') return hex(4);
    if (e === 'U') return hex(8);
    if (e >= '0' && e <= '7') {
      let digits = e;
      while (digits.length < 3 && /[0-7]/.test(this.text[this.pos] ?? '')) digits += this.text[this.pos++];
      return String.fromCodePoint(parseInt(digits, 8));
    }
    // Python keeps an unknown escape as written.
    return `\\${e}`;
  }

  private number(): number {
    const start = this.pos;
    const m = /^[+-]?\s*(?:0[xX][0-9A-Fa-f](?:_?[0-9A-Fa-f])*|0[oO][0-7](?:_?[0-7])*|0[bB][01](?:_?[01])*|(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?)/.exec(
      this.text.slice(start, start + 400),
    );
    if (!m) this.fail('invalid number', start);
    this.pos += m[0].length;
    if (isNameChar(this.text[this.pos]) || this.text[this.pos] === '.') this.fail('invalid number', start);
    const text = m[0].replace(/[\s_]/g, '');
    const negative = text.startsWith('-');
    const body = text.replace(/^[+-]/, '');
    const prefix = body.slice(0, 2).toLowerCase();
    const radix = prefix === '0x' ? 16 : prefix === '0o' ? 8 : prefix === '0b' ? 2 : 10;
    if (radix === 10 && /^0\d/.test(body) && !/[.eE]/.test(body) && /[1-9]/.test(body)) {
      this.fail('invalid number (leading zeros are not allowed)', start);
    }
    const magnitude = radix === 10 ? Number(body) : parseInt(body.slice(2), radix);
    const isInteger = radix !== 10 || !/[.eE]/.test(body);
    if (!Number.isFinite(magnitude) || (isInteger && !Number.isSafeInteger(magnitude))) {
      this.fail('number out of range', start);
    }
    const value = negative ? -magnitude : magnitude;
    return value === 0 ? 0 : value; // -0 is 0
  }
}

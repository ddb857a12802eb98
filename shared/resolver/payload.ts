import type { Catalogue, Model, StoredScalar, StoredValues } from '../catalogue';
import { isRecordId } from '../catalogue/parse';
import { WebhookError, isPlainObject } from '../envelope';
import { readAttachments, type AttachmentInput } from './attachments';
import { checkIndexable, convertScalar, describe } from './convert';
import { notIndexed, unknownField } from './messages';

export type Mode = 'add' | 'replace';

/** A natural-key reference to a record: `{"ref": "C001"}`, `{"id": 7}` or a bare id. */
export interface Ref {
  /** The relational field that holds it (`partner_id`). */
  field: string;
  /** The model looked in. */
  target: Model;
  /** The lookup field: `id` or an indexed field of the target. */
  by: string;
  value: StoredScalar;
  /** Where in the payload, for messages: `order_line[2].product_id`. */
  path: string;
}

/** One record of a payload (the top one, a line, an auto-created record) as read and checked. */
export interface RecordNode {
  model: Model;
  path: string;
  /** The many2one that the parent fills in (`order_id` of a line), if this is a line. */
  inverse: string | null;
  scalars: StoredValues;
  many2one: Map<string, Ref | null>;
  many2many: Map<string, { mode: Mode; refs: Ref[] }>;
  one2many: Map<string, { mode: Mode; lines: RecordNode[] }>;
  attachments: AttachmentInput[];
}

/** Limits of a request's lines (docs/limits.md). */
export const MAX_LINE_DEPTH = 16;
export const MAX_LINES = 5000;

export interface ReadOptions {
  catalogue: Catalogue;
  /** `update` reads the top record of update_data: no required fields, no defaults. */
  mode: 'create' | 'update';
}

interface Walk extends ReadOptions {
  lines: number;
}

/** Reads `vals.payload` of a write route into a checked tree; nothing is looked up yet. */
export function readPayload(model: Model, payload: unknown, options: ReadOptions): RecordNode {
  if (!isPlainObject(payload)) {
    throw new WebhookError('INVALID_VALUE', "Parameter 'payload' in 'vals' must be an object", { path: 'payload' });
  }
  return readRecord(model, payload, '', null, 0, { ...options, lines: 0 });
}

/** Reads one record of a payload; `inverse` is the field its parent fills in. */
export function readRecord(
  model: Model,
  payload: Record<string, unknown>,
  path: string,
  inverse: string | null,
  depth: number,
  walk: Walk,
): RecordNode {
  const node: RecordNode = {
    model,
    path,
    inverse,
    scalars: {},
    many2one: new Map(),
    many2many: new Map(),
    one2many: new Map(),
    attachments: [],
  };
  const at = (name: string) => (path ? `${path}.${name}` : name);
  for (const [name, raw] of Object.entries(payload)) {
    if (name === 'attachment_ids') {
      node.attachments = readAttachments(raw, at(name));
      continue;
    }
    const field = model.fields[name];
    if (!field) throw unknownField(model, name, at(name));
    if (field.readonly || name === inverse) {
      throw new WebhookError('READONLY', `Field '${name}' of '${model.name}' cannot be written`, { field: name, path: at(name) });
    }
    switch (field.type) {
      case 'many2one':
        node.many2one.set(name, readRef(name, walk.catalogue.get(field.comodel)!, raw, at(name)));
        break;
      case 'many2many':
        node.many2many.set(name, readMany2many(name, walk.catalogue.get(field.comodel)!, raw, at(name)));
        break;
      case 'one2many':
        node.one2many.set(name, readOne2many(name, field.comodel, field.inverse, raw, at(name), depth, walk));
        break;
      case 'binary':
        throw new WebhookError('INVALID_VALUE', `Field '${name}' is written through 'attachment_ids'`, { field: name, path: at(name) });
      default:
        node.scalars[name] = convertScalar(field, name, raw, at(name));
        // Every index the write keeps holds the value, also one still being built for older records.
        if (model.maintained.indexes.includes(name)) checkIndexable(name, node.scalars[name]!, at(name));
    }
  }
  if (walk.mode === 'create' || depth > 0) checkRequired(node);
  else checkNotCleared(node);
  return node;
}

/** A many2one value: a lookup object, an id, or null/false to clear. */
export function readRef(field: string, target: Model, raw: unknown, path: string): Ref | null {
  if (raw === null || raw === false) return null;
  if (typeof raw === 'number') {
    if (!isRecordId(raw) || raw <= 0) throw invalidRef(field, raw, path);
    return { field, target, by: 'id', value: raw, path };
  }
  if (!isPlainObject(raw)) throw invalidRef(field, raw, path);
  const keys = Object.keys(raw);
  if (keys.length !== 1) throw invalidRef(field, raw, path);
  const by = keys[0]!;
  const value = raw[by];
  if (by === 'id') {
    if (!isRecordId(value) || value <= 0) throw invalidRef(field, raw, path);
    return { field, target, by, value, path };
  }
  const lookupField = target.fields[by];
  if (!lookupField) throw unknownField(target, by, `${path}.${by}`);
  if (!target.indexed.includes(by)) throw notIndexed(target, by, `${path}.${by}`);
  const converted = convertScalar(lookupField, by, value, `${path}.${by}`);
  checkIndexable(by, converted, `${path}.${by}`);
  if (converted === null || converted === '') {
    throw new WebhookError('INVALID_VALUE', `Cannot look up '${field}' by an empty '${by}'`, { field, path });
  }
  return { field, target, by, value: converted, path };
}

function invalidRef(field: string, raw: unknown, path: string): WebhookError {
  return new WebhookError(
    'INVALID_VALUE',
    `Invalid value for '${field}': ${describe(raw)} (expected {"<lookup field>": value}, {"id": n}, an id, or null)`,
    { field, path },
  );
}

/** `{"mode": "add"|"replace", "records": [...]}` or a bare list (replace); null/false clear. */
function readModeList(field: string, raw: unknown, path: string): { mode: Mode; records: unknown[] } {
  if (raw === null || raw === false) return { mode: 'replace', records: [] };
  if (Array.isArray(raw)) return { mode: 'replace', records: raw };
  if (!isPlainObject(raw)) {
    throw new WebhookError('INVALID_MODE', `Invalid value for '${field}': expected a list or {"mode": ..., "records": [...]}`, { field, path });
  }
  const extra = Object.keys(raw).filter((k) => k !== 'mode' && k !== 'records');
  if (extra.length > 0) {
    throw new WebhookError('INVALID_MODE', `Invalid key '${extra[0]}' in '${field}': expected 'mode' and 'records'`, { field, path });
  }
  const mode = raw.mode ?? 'replace';
  if (mode !== 'add' && mode !== 'replace') {
    throw new WebhookError('INVALID_MODE', "'mode' must be 'add' or 'replace'", { field, path, mode });
  }
  const records = raw.records ?? [];
  if (!Array.isArray(records)) {
    throw new WebhookError('INVALID_MODE', `'records' of '${field}' must be a list`, { field, path });
  }
  return { mode, records };
}

function readMany2many(field: string, target: Model, raw: unknown, path: string): { mode: Mode; refs: Ref[] } {
  const { mode, records } = readModeList(field, raw, path);
  const refs = records.map((r, i) => {
    const ref = readRef(field, target, r, `${path}[${i}]`);
    if (!ref) throw invalidRef(field, r, `${path}[${i}]`);
    return ref;
  });
  return { mode, refs };
}

function readOne2many(
  field: string,
  comodel: string,
  inverse: string,
  raw: unknown,
  path: string,
  depth: number,
  walk: Walk,
): { mode: Mode; lines: RecordNode[] } {
  const { mode, records } = readModeList(field, raw, path);
  if (depth + 1 > MAX_LINE_DEPTH) {
    throw new WebhookError('LIMIT_EXCEEDED', `Lines are nested deeper than ${MAX_LINE_DEPTH} levels`, { path, limit: MAX_LINE_DEPTH });
  }
  walk.lines += records.length;
  if (walk.lines > MAX_LINES) {
    throw new WebhookError('LIMIT_EXCEEDED', `More than ${MAX_LINES} lines in one request`, { path, limit: MAX_LINES });
  }
  const model = walk.catalogue.get(comodel)!;
  const lines = records.map((line, i) => {
    if (!isPlainObject(line)) {
      throw new WebhookError('INVALID_VALUE', `Line ${i} of '${field}' must be an object`, { field, path: `${path}[${i}]` });
    }
    return readRecord(model, line, `${path}[${i}]`, inverse, depth + 1, walk);
  });
  return { mode, lines };
}

/** A new record must end with a value in every required field (defaults count). */
function checkRequired(node: RecordNode): void {
  for (const [name, field] of Object.entries(node.model.fields)) {
    if (!field.required || name === node.inverse || field.default !== undefined) continue;
    const given = node.scalars[name] ?? node.many2one.get(name) ?? null;
    if (given === null) throw required(node, name);
  }
}

/** An update may not clear a required field. */
function checkNotCleared(node: RecordNode): void {
  for (const [name, field] of Object.entries(node.model.fields)) {
    if (!field.required) continue;
    if (node.scalars[name] === null || node.many2one.get(name) === null) throw required(node, name);
  }
}

function required(node: RecordNode, name: string): WebhookError {
  const path = node.path ? `${node.path}.${name}` : name;
  return new WebhookError('REQUIRED', `Field '${name}' of '${node.model.name}' is required`, { field: name, path, model: node.model.name });
}

import type { ZodMiniType } from 'zod/mini';

/**
 * The catalogue describes the business models the API serves: their fields, how records are found
 * (indexed and unique fields), defaults, computed values and callable methods.
 *
 * Values are held in their stored form everywhere below the envelope: char/text/selection/date/
 * datetime as strings (dates `YYYY-MM-DD`, datetimes `YYYY-MM-DD HH:MM:SS` UTC), numbers, booleans,
 * many2one as the related id, x2many as arrays of related ids, and `null` for an empty value.
 */
export type StoredScalar = string | number | boolean;
export type StoredValue = StoredScalar | number[] | null;
export type StoredValues = Record<string, StoredValue>;

/** A record as read from the store: every stored field (null when empty, x2many as sorted ids). */
export interface RecordState {
  model: string;
  id: number;
  values: StoredValues;
  /** Write counter, raised by every write; deletes are conditioned on it. */
  version: number;
  /** Ids of the `ir.attachment` records that belong to this record. */
  attachments: number[];
}

export type ScalarType =
  | 'char'
  | 'text'
  | 'integer'
  | 'float'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'selection';
export type RelationalType = 'many2one' | 'one2many' | 'many2many';
export type FieldType = ScalarType | RelationalType | 'binary';

/** What a default may look at when it is computed for a new record. */
export interface DefaultContext {
  /** The request's clock, so that every record of one request gets the same timestamps. */
  now: Date;
}

export type DefaultValue = StoredScalar | ((ctx: DefaultContext) => StoredScalar);

/** A default taken from a per-company counter, e.g. `S00001` for sale orders. */
export interface SequenceDefault {
  sequence: string;
  prefix: string;
  padding: number;
}

interface FieldBase {
  /** Human label, used in messages. @default the field name */
  label?: string;
  /** A create without a value (after defaults) fails with `REQUIRED`; an update may not clear it. */
  required?: boolean;
  /** Kept in an index: usable as a lookup field, a search_key and a fast search condition. */
  index?: boolean;
  /** At most one record per value and company (empty values excepted). Implies `index`. */
  unique?: boolean;
  /** Not writable through payloads (system and computed fields). */
  readonly?: boolean;
  default?: DefaultValue | SequenceDefault;
  /** How values stored under the field's former type become values of this one (`migrate`). */
  convert?: Conversion;
}

/**
 * A type change declared in the catalogue: `migrate` rewrites every stored value that is not a
 * value of the new type with `value` (null empties it). Without one, a type change is refused.
 */
export interface Conversion {
  /** The type the field had. */
  from: FieldType;
  value: (old: StoredScalar) => StoredScalar | null;
}

export interface CharField extends FieldBase {
  type: 'char' | 'text';
}
export interface NumberField extends FieldBase {
  type: 'integer' | 'float';
  /** Decimal places a float keeps (values are rounded half away from zero). */
  digits?: number;
  /** Computed from other fields of the same record whenever one of them changes. */
  compute?: { depends: readonly string[]; value: (values: StoredValues) => number };
  /** Kept equal to the sum of `field` over the one2many `over` (maintained atomically). */
  aggregate?: { over: string; field: string };
}
/** File contents: base64 on the wire, bytes in S3; the record keeps the object key. */
export interface BinaryField extends FieldBase {
  type: 'binary';
  /** The integer field of the same record holding the file's size in bytes, so that an answer's size is known before any file is read. */
  size: string;
}
export interface BooleanField extends FieldBase {
  type: 'boolean';
}
export interface DateField extends FieldBase {
  type: 'date' | 'datetime';
}
export interface SelectionField extends FieldBase {
  type: 'selection';
  selection: readonly (readonly [key: string, label: string])[];
}
export interface Many2oneField extends FieldBase {
  type: 'many2one';
  comodel: string;
}
export interface One2manyField extends FieldBase {
  type: 'one2many';
  comodel: string;
  /** The many2one on the comodel that points back at this record. */
  inverse: string;
}
export interface Many2manyField extends FieldBase {
  type: 'many2many';
  comodel: string;
}

export type FieldDef =
  | CharField
  | NumberField
  | BinaryField
  | BooleanField
  | DateField
  | SelectionField
  | Many2oneField
  | One2manyField
  | Many2manyField;

export type RelationalField = Many2oneField | One2manyField | Many2manyField;

/** A model as written in `shared/catalogue/models/`: only its own fields. */
export interface ModelSpec {
  name: string;
  description: string;
  fields: Record<string, FieldDef>;
  /** Field holding the display name. @default 'name' */
  recName?: string;
  /** Default order of records, as in search_data's `order`. @default 'id' */
  order?: string;
  /** Callable methods (call_function), by name. */
  methods?: Record<string, MethodDef<unknown>>;
  /**
   * Its records are the companies themselves (`res.company`): a caller sees and changes only the
   * companies it may use, and only a caller allowed every company creates one.
   */
  companyRecords?: boolean;
  /** Fields removed on purpose: `migrate` erases their values (without this, a removal is refused). */
  retired?: readonly string[];
  /**
   * Partition keys its records, index entries and unique guards are spread over, so that no key
   * takes more than its share of the model's writes (README, "The key layout"). A power of two up
   * to 256; a change on a stack with data is carried out by `npm run catalogue -- migrate`. @default 1
   */
  shards?: number;
}

/** A model as served: its own fields plus `id`, `display_name`, `create_date` and `write_date`. */
export interface Model extends Required<Pick<ModelSpec, 'name' | 'description' | 'recName' | 'order'>> {
  fields: Record<string, FieldDef>;
  methods: Record<string, MethodDef<unknown>>;
  /**
   * Fields whose index lookups and searches may read (unique ones included): indexed in the
   * catalogue and built for the records stored.
   */
  indexed: readonly string[];
  /** Unique fields whose guards are in force: checked on every write and read by lookups. */
  guarded: readonly string[];
  /** Fields indexed in the catalogue whose index is not built yet for the stored records (`migrate`). */
  building: readonly string[];
  /**
   * What writes keep up to date: the index entries of `indexes` and the unique guards of `guards`
   * (a guard written only if free). The same as `indexed` and `guarded` unless the stored records
   * lag the catalogue.
   */
  maintained: { indexes: readonly string[]; guards: readonly string[] };
  /** Fields removed on purpose (ModelSpec.retired). */
  retired: readonly string[];
  /** Records carry a `company_id` and are scoped by company (unless an operator says otherwise). */
  companyScoped: boolean;
  /** Whether records can be archived (an `active` field). */
  archivable: boolean;
  /** Its records are companies, visible by their own id (see ModelSpec.companyRecords). */
  companyRecords: boolean;
  /** Partition keys of each key family (ModelSpec.shards). */
  shards: number;
  /**
   * `migrate` is moving its records to another shard count: writes of its records are refused
   * (MODEL_MOVING) until it is done; reads are served. Set by the served catalogue only.
   */
  moving?: boolean;
}

/**
 * What a method may see and do. Its writes go through the request's write plan (so the rollback
 * switches apply to them as to the write routes), each conditioned on the version of the record
 * it read: a record changed meanwhile makes the whole call run again on fresh records.
 */
export interface MethodCall<P> {
  /** The records the search_key selected (one, unless the method accepts several), in id order. */
  records: readonly RecordState[];
  /** The named parameters, checked against the method's schema. */
  params: P;
  /** `payload.context`, e.g. `{"lang": "th_TH"}`. */
  context: Readonly<Record<string, unknown>>;
  /** The request's clock. */
  now: Date;
  /** Changes a record the method read. */
  write(record: RecordState, values: StoredValues): void;
  /** The next number of a per-company sequence (e.g. invoices per company and year). */
  nextNumber(sequence: string, company: number | null, period: string): Promise<number>;
}

export interface MethodDef<P = unknown> {
  /** One line that describes the method in fields_get's answer and the OpenAPI document. */
  doc: string;
  /** Schema of the named parameters (`payload.parameter`), a zod/mini object. */
  parameters: ZodMiniType<P>;
  /** Accepts several records at once (else exactly one must match the search_key). */
  multi: boolean;
  /** The method: returns a JSON value (dates and records are rendered), or an Unsuccessful. */
  run(call: MethodCall<P>): unknown;
}

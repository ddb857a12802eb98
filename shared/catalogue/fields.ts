import type {
  BinaryField,
  BooleanField,
  CharField,
  DateField,
  Many2manyField,
  Many2oneField,
  NumberField,
  One2manyField,
  SelectionField,
  SequenceDefault,
} from './types';

/** Constructors that keep model files short and readable: `name: char({ index: true })`. */
type Options<F> = Omit<F, 'type'>;

export const char = (o: Options<CharField> = {}): CharField => ({ type: 'char', ...o });
export const text = (o: Options<CharField> = {}): CharField => ({ type: 'text', ...o });
export const integer = (o: Options<NumberField> = {}): NumberField => ({ type: 'integer', ...o });
export const float = (o: Options<NumberField> = {}): NumberField => ({ type: 'float', ...o });
export const binary = (o: Options<BinaryField>): BinaryField => ({ type: 'binary', ...o });
export const boolean = (o: Options<BooleanField> = {}): BooleanField => ({ type: 'boolean', ...o });
export const date = (o: Options<DateField> = {}): DateField => ({ type: 'date', ...o });
export const datetime = (o: Options<DateField> = {}): DateField => ({ type: 'datetime', ...o });
export const selection = (
  choices: SelectionField['selection'],
  o: Omit<Options<SelectionField>, 'selection'> = {},
): SelectionField => ({ type: 'selection', selection: choices, ...o });
export const many2one = (
  comodel: string,
  o: Omit<Options<Many2oneField>, 'comodel'> = {},
): Many2oneField => ({ type: 'many2one', comodel, ...o });
export const one2many = (
  comodel: string,
  inverse: string,
  o: Omit<Options<One2manyField>, 'comodel' | 'inverse'> = {},
): One2manyField => ({ type: 'one2many', comodel, inverse, ...o });
export const many2many = (
  comodel: string,
  o: Omit<Options<Many2manyField>, 'comodel'> = {},
): Many2manyField => ({ type: 'many2many', comodel, ...o });

/** The standard `active` field of archivable models. */
export const active = (): BooleanField => ({ type: 'boolean', default: true });

/** The standard company field of company-scoped models. */
export const company = (): Many2oneField => many2one('res.company', { index: true, label: 'Company' });

/** A default drawn from a per-company counter: `sequence('sale.order', 'S', 5)` gives `S00001`. */
export const sequence = (name: string, prefix: string, padding: number): SequenceDefault => ({
  sequence: name,
  prefix,
  padding,
});

/** Rounds half away from zero to `digits` places, as monetary amounts are. */
export function roundTo(value: number, digits: number): number {
  // Shifting through the decimal exponent avoids binary artefacts such as 1.005 * 100 = 100.4999...
  const shifted = Math.round(Number(`${Math.abs(value)}e${digits}`));
  const rounded = Number(`${shifted}e-${digits}`);
  return value < 0 ? -rounded : rounded;
}

import type { Domain } from '../../shared/query';

/** A domain tree without positions, as nested arrays in prefix form, for comparisons. */
export function strip(d: Domain): unknown {
  if (d.kind === 'term') return [d.field, d.operator, d.value];
  if (d.kind === 'not') return ['!', strip(d.child)];
  return [d.kind === 'and' ? '&' : '|', ...d.children.map(strip)];
}

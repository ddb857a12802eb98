/** Write plans built by hand, for unit tests of the plan and what reads it. */
import { catalogue } from '../../shared/catalogue';
import type { RecordState } from '../../shared/plan';

/** The request time of the plans built in tests. */
export const NOW = '2026-01-01 00:00:00';

export const model = (name: string) => catalogue.get(name)!;

/** A stored record as the store would read it (version 3). */
export const state = (model: string, id: number, values: Record<string, unknown>): RecordState => ({
  model,
  id,
  values: values as RecordState['values'],
  version: 3,
  attachments: [],
});

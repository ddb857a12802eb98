import type { WritePlan } from '../plan';
import { getConfig } from '../config';
import { commit, type CommitOptions, type CommitReport } from './commit';
import { toTransactItems } from './transact-items';

export { dynamo, dynamoClient } from './client';
export { StoreError, type Leftover, type StoreFailure } from './errors';
export { findByValues, peekCounter, queryAll, readRecords, reserve, type Candidate } from './reads';
export { checkPlan } from './check';
export { finishWrite, type CommitDeadlines, type CommitOptions, type CommitReport } from './commit';
export type { JournalRef, WriteFacts } from './journal';
export { recordIds } from './ids';
export { fitsIndex, idCounter, sequenceCounter, type GuardScope } from './keys';
export { indexPages, recordPages, keyCondition, type Bound, type IndexEntry, type KeyRange, type PageOptions } from './query';
export { MAX_IN_OPERANDS, canCarry, type Filter, type Visibility } from './filter';

/** Writes a plan: one transaction when it fits, else several made all-or-nothing (see commit). */
export function commitPlan(plan: WritePlan, options: CommitOptions): Promise<CommitReport> {
  return commit(toTransactItems(getConfig().recordsTable, plan.list(), plan.claims), options);
}

export { readPayload, readRecord, readRef, MAX_LINES, MAX_LINE_DEPTH, type RecordNode, type Ref, type Mode } from './payload';
export { Resolution } from './resolution';
export { readAutoCreate } from './auto-create';
export type { Pending, ResolveContext, RoundNeeds, RoundResults, LookupGroup } from './types';
export { planRecords, planAttachments, relationalValues, type Blob } from './build';
export { lookupScope, visible, guardScopes, type LookupScope } from './scope';
export { checkIndexable, convertScalar, parseDatetime } from './convert';
export { unknownField, notIndexed, notFound, ambiguous } from './messages';
export { readAttachments, guessMimetype, type AttachmentInput } from './attachments';

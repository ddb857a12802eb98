export { readPayload, readRecord, MAX_LINES, type RecordNode, type Ref, type Mode } from './payload';
export { Resolution } from './resolution';
export { readAutoCreate } from './auto-create';
export type { Pending, ResolveContext, RoundNeeds, RoundResults, LookupGroup } from './types';
export { planRecords, type Blob } from './build';
export { guardScopes, type LookupScope } from './scope';
export { FIELD_NUMBERS, checkIndexable, convertScalar, findOddNumber, valueMismatch } from './convert';
export { unknownField, notIndexed, indexBuilding, notFound, ambiguous } from './messages';
export { readAttachments, type AttachmentInput } from './attachments';

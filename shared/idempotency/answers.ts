import { gunzipSync, gzipSync } from 'node:zlib';
import { getFile, putFile } from '../files';
import { ANSWERS_PREFIX, retentionTagging } from '../logs/retention';
import { MAX_PACKED_BYTES, type AnswerToKeep, type KeptBody } from '../store/idempotency';

/**
 * Where a kept answer's body lives: gzip-compressed in the key's item, or, when even compressed it
 * is too large for an item, in an S3 object beside the spilled API logs (and under their lifecycle:
 * tagged to expire no sooner than the key).
 */
export const answerObjectKey = (logId: string): string => `${ANSWERS_PREFIX}${logId}.json.gz`;

/** Packs an answer body for its key: in the item when it fits, else written to S3 first. */
export async function packAnswer(logId: string, answer: { statusCode: number; body: string }, keptHours: number): Promise<AnswerToKeep> {
  const packed = gzipSync(Buffer.from(answer.body, 'utf8'));
  if (packed.length <= MAX_PACKED_BYTES) return { statusCode: answer.statusCode, body: { packed } };
  const key = answerObjectKey(logId);
  const tagging = retentionTagging(Math.ceil(keptHours / 24));
  await putFile(key, packed, 'application/gzip', tagging ? { tagging } : {});
  return { statusCode: answer.statusCode, body: { object: key } };
}

/** The text of a kept body, read from S3 when it was kept there. */
export async function unpackAnswer(body: KeptBody): Promise<string> {
  if ('packed' in body) return gunzipSync(Buffer.from(body.packed)).toString('utf8');
  return gunzipSync(await getFile(body.object)).toString('utf8');
}

import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { clientConfig, enforceDeadlines } from '../aws/clients';
import { getConfig } from '../config';
import { traced } from '../observability/tracer';
import { padId } from '../store/codec';

/**
 * Attachment bytes (and, for the logs, spilled request bodies) in S3. The endpoint comes from the
 * standard `AWS_ENDPOINT_URL_S3`; `AWS_S3_FORCE_PATH_STYLE=true` is for emulators without virtual
 * hosts.
 */
export const s3 = traced(enforceDeadlines(
  new S3Client({
    // An attachment is at most the 6 MB of a Lambda request: 10 s is slow for that inside AWS.
    ...clientConfig({ requestTimeoutMs: 10_000, maxAttempts: 3 }),
    forcePathStyle: process.env.AWS_S3_FORCE_PATH_STYLE === 'true',
  }),
));

/** Where the bytes of attachment `id` are kept: one object per attachment, deleted with it. */
export const attachmentKey = (id: number): string => `attachments/${padId(id)}`;

/** Puts one object; `tagging` (URL-encoded, e.g. a retention class) and a time limit are optional. */
export async function putFile(
  key: string,
  bytes: Uint8Array | string,
  contentType: string,
  options: { tagging?: string; signal?: AbortSignal } = {},
): Promise<void> {
  await s3.send(
    new PutObjectCommand({ Bucket: getConfig().filesBucket, Key: key, Body: bytes, ContentType: contentType, ...(options.tagging ? { Tagging: options.tagging } : {}) }),
    options.signal ? { abortSignal: options.signal } : {},
  );
}

export async function getFile(key: string): Promise<Buffer> {
  const res = await s3.send(new GetObjectCommand({ Bucket: getConfig().filesBucket, Key: key }));
  return Buffer.from(await res.Body!.transformToByteArray());
}

/** Deletes objects, 1,000 a call; objects already gone are not an error. */
export async function deleteFiles(keys: readonly string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000);
    await s3.send(
      new DeleteObjectsCommand({ Bucket: getConfig().filesBucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
    );
  }
}

import { createHash } from 'node:crypto';
import { WebhookError, isPlainObject } from '../envelope';

/** An attachment of a payload, decoded: what `ir.attachment` and S3 need. */
export interface AttachmentInput {
  name: string;
  mimetype: string;
  bytes: Buffer;
  /** sha256 of the bytes, hex. */
  checksum: string;
  path: string;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;

/**
 * The same language with whitespace allowed anywhere, as `datas` is read (whitespace dropped, then
 * BASE64): the pattern the API's description gives `datas`.
 */
export const BASE64_WITH_WHITESPACE = `^\\s*${BASE64.source.slice(1, -1).replaceAll('[A-Za-z0-9+/]', '(?:[A-Za-z0-9+/]\\s*)').replaceAll('=', '=\\s*')}$`;

const MIMETYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  txt: 'text/plain',
  csv: 'text/csv',
  html: 'text/html',
  xml: 'application/xml',
  json: 'application/json',
  zip: 'application/zip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The payload's mimetype, else one guessed from the name's extension, else octet-stream. */
export function guessMimetype(name: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return (ext && MIMETYPES[ext]) || 'application/octet-stream';
}

/**
 * Reads `attachment_ids`: `[{"name": "a.pdf", "datas": "<base64>", "mimetype": "..."?}]`.
 * Strict base64 (whitespace ignored): a corrupt file is refused before anything is written.
 */
export function readAttachments(raw: unknown, path: string): AttachmentInput[] {
  if (raw === null || raw === false) return [];
  if (!Array.isArray(raw)) {
    throw new WebhookError('INVALID_ATTACHMENT', "'attachment_ids' must be a list of {name, datas, mimetype?}", { path });
  }
  return raw.map((entry, i) => {
    const at = `${path}[${i}]`;
    if (!isPlainObject(entry)) throw new WebhookError('INVALID_ATTACHMENT', `Attachment ${i} must be an object`, { path: at });
    const { name, datas, mimetype } = entry;
    const unknown = Object.keys(entry).find((k) => !['name', 'datas', 'mimetype'].includes(k));
    if (unknown) throw new WebhookError('INVALID_ATTACHMENT', `Attachment ${i} has an unknown key '${unknown}'`, { path: at });
    if (typeof name !== 'string' || name.trim() === '') {
      throw new WebhookError('INVALID_ATTACHMENT', `Attachment ${i} has no 'name'`, { path: at });
    }
    if (typeof datas !== 'string' || datas === '') {
      throw new WebhookError('INVALID_ATTACHMENT', `Attachment '${name}' has no 'datas'`, { path: at });
    }
    const compact = datas.replace(/\s+/g, '');
    if (!BASE64.test(compact)) {
      throw new WebhookError('INVALID_ATTACHMENT', `Attachment '${name}': 'datas' is not valid base64`, { path: at });
    }
    if (mimetype !== undefined && mimetype !== null && typeof mimetype !== 'string') {
      throw new WebhookError('INVALID_ATTACHMENT', `Attachment '${name}': 'mimetype' must be a string`, { path: at });
    }
    const bytes = Buffer.from(compact, 'base64');
    return {
      name,
      mimetype: mimetype || guessMimetype(name),
      bytes,
      checksum: createHash('sha256').update(bytes).digest('hex'),
      path: at,
    };
  });
}

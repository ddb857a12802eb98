import { createHash } from 'node:crypto';
import { WebhookError, isPlainObject } from '../envelope';
import { MAX_INDEXED_VALUE_BYTES, fitsIndex } from '../store/keys';

/** An attachment of a payload, decoded: what `ir.attachment` and S3 need. */
export interface AttachmentInput {
  name: string;
  mimetype: string;
  bytes: Buffer;
  /** sha256 of the bytes, hex. */
  checksum: string;
  path: string;
}

/** A character outside the base64 alphabet (padding aside). */
const NOT_BASE64 = /[^A-Za-z0-9+/]/;
/**
 * A mimetype is sent to S3 as the object's Content-Type header: printable ASCII only, and of a
 * length a header and a record carry without trouble (RFC 6838 names are at most 127 + 127).
 */
export const MAX_MIMETYPE_CHARS = 255;
const MIMETYPE = new RegExp(`^[\\x20-\\x7e]{1,${MAX_MIMETYPE_CHARS}}$`);

/**
 * The language isBase64 accepts, as a pattern: for the API's description only, never run on a
 * payload (see isBase64).
 */
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

/**
 * Strict base64 (RFC 4648 alphabet, whitespace already removed): padded or not, padding only at
 * the end. Checked without a regular expression over the whole text, whose backtracking would
 * exhaust the stack on a file of a few megabytes.
 */
function isBase64(text: string): boolean {
  const body = text.replace(/={1,2}$/, '');
  if (body.length % 4 === 1) return false;
  if (body.length !== text.length && text.length % 4 !== 0) return false;
  return !NOT_BASE64.test(body);
}

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
    // The name is indexed (ir.attachment's name), so it is held to an index entry's length.
    if (!fitsIndex(name)) {
      throw new WebhookError('INVALID_ATTACHMENT', `Attachment ${i}: 'name' is longer than the ${MAX_INDEXED_VALUE_BYTES} bytes an indexed field holds`, {
        path: `${at}.name`,
      });
    }
    if (typeof datas !== 'string' || datas === '') {
      throw new WebhookError('INVALID_ATTACHMENT', `Attachment '${name}' has no 'datas'`, { path: at });
    }
    const compact = datas.replace(/\s+/g, '');
    if (!isBase64(compact)) {
      throw new WebhookError('INVALID_ATTACHMENT', `Attachment '${name}': 'datas' is not valid base64`, { path: at });
    }
    if (mimetype !== undefined && mimetype !== null && mimetype !== '' && (typeof mimetype !== 'string' || !MIMETYPE.test(mimetype))) {
      throw new WebhookError('INVALID_ATTACHMENT', `Attachment '${name}': 'mimetype' must be text of at most ${MAX_MIMETYPE_CHARS} printable ASCII characters`, {
        path: `${at}.mimetype`,
      });
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

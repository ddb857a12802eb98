/**
 * `attachment_ids` of a payload: what is stored (bytes, checksum, mimetype) and what a caller reads
 * when an attachment is refused (code, message, `details.path`).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { MAX_MIMETYPE_CHARS, guessMimetype, readAttachments } from '../../shared/resolver/attachments';
import { MAX_INDEXED_VALUE_BYTES } from '../../shared/store/keys';
import { thrown } from '../support/errors';

const PATH = 'order_line[2].attachment_ids';
const read = (raw: unknown) => readAttachments(raw, PATH);
const refusal = (raw: unknown) => {
  const e = thrown(() => read(raw));
  return { code: e.code, message: e.message, details: e.details };
};
const refused = (message: string, path: string) => ({ code: 'INVALID_ATTACHMENT', message, details: { path } });
const base64 = (text: string) => Buffer.from(text).toString('base64');
const bytesOf = (datas: string) => read([{ name: 'a.txt', datas }])[0]!.bytes.toString();

test('null and false attach nothing', () => {
  assert.deepEqual(read(null), []);
  assert.deepEqual(read(false), []);
  assert.deepEqual(read([]), []);
});

test('an attachment is decoded, hashed and named by its place in the payload', () => {
  const [first, second] = read([
    { name: 'a.pdf', datas: base64('hello') },
    { name: 'b.bin', datas: base64('bye'), mimetype: 'application/x-custom' },
  ]);
  assert.deepEqual(first, {
    name: 'a.pdf',
    mimetype: 'application/pdf',
    bytes: Buffer.from('hello'),
    checksum: createHash('sha256').update('hello').digest('hex'),
    path: `${PATH}[0]`,
  });
  assert.equal(second?.mimetype, 'application/x-custom');
  assert.equal(second?.path, `${PATH}[1]`);
});

test('attachment_ids must be a list of objects with known keys', () => {
  for (const raw of ['a.pdf', { name: 'a.pdf', datas: 'aGk=' }, 5, true]) {
    assert.deepEqual(refusal(raw), refused("'attachment_ids' must be a list of {name, datas, mimetype?}", PATH));
  }
  const ok = { name: 'a.pdf', datas: 'aGk=' };
  for (const entry of ['a.pdf', null, [ok]]) {
    assert.deepEqual(refusal([ok, entry]), refused('Attachment 1 must be an object', `${PATH}[1]`));
  }
  assert.deepEqual(refusal([ok, { ...ok, size: 2 }]), refused("Attachment 1 has an unknown key 'size'", `${PATH}[1]`));
});

test('an attachment needs a name, of at most an index entry', () => {
  for (const name of [undefined, '', '  ', 5]) {
    assert.deepEqual(refusal([{ name, datas: 'aGk=' }]), refused("Attachment 0 has no 'name'", `${PATH}[0]`));
  }
  // Bytes of UTF-8 count, not characters.
  const fits = 'é'.repeat(MAX_INDEXED_VALUE_BYTES / 2);
  assert.equal(read([{ name: fits, datas: 'aGk=' }])[0]?.name, fits);
  assert.deepEqual(
    refusal([{ name: `${fits}x`, datas: 'aGk=' }]),
    refused(`Attachment 0: 'name' is longer than the ${MAX_INDEXED_VALUE_BYTES} bytes an indexed field holds`, `${PATH}[0].name`),
  );
});

test('datas is required and must be strict base64', () => {
  for (const datas of [undefined, '', 5]) {
    assert.deepEqual(refusal([{ name: 'a.pdf', datas }]), refused("Attachment 'a.pdf' has no 'datas'", `${PATH}[0]`));
  }
  // A lone trailing character, padding in the middle, padding that does not complete a quantum,
  // three pads, and a character outside the alphabet.
  for (const datas of ['a', 'aGVsb', 'aGVsbG8=aGk=', 'aG=k', 'aGk==', 'aG=', 'aG===', 'aGk_', 'aGk=\u00e9']) {
    assert.deepEqual(refusal([{ name: 'a.pdf', datas }]), refused("Attachment 'a.pdf': 'datas' is not valid base64", `${PATH}[0]`), datas);
  }
});

test('base64 is read padded or not, with whitespace anywhere', () => {
  assert.equal(bytesOf('aGk='), 'hi');
  assert.equal(bytesOf('aGk'), 'hi');
  assert.equal(bytesOf('aA=='), 'h');
  assert.equal(bytesOf('aA'), 'h');
  assert.equal(bytesOf('aGVs'), 'hel');
  assert.equal(bytesOf(' aG\r\nVs\tbG8 =\n'), 'hello');
});

test('a mimetype sent is kept; an empty or missing one is guessed from the name', () => {
  const mimetype = (value: unknown) => read([{ name: 'a.pdf', datas: 'aGk=', mimetype: value }])[0]?.mimetype;
  assert.equal(mimetype('text/x-log; charset=utf-8'), 'text/x-log; charset=utf-8');
  assert.equal(mimetype('m'.repeat(MAX_MIMETYPE_CHARS)), 'm'.repeat(MAX_MIMETYPE_CHARS));
  for (const guessed of ['', null, undefined]) assert.equal(mimetype(guessed), 'application/pdf');
});

test('a mimetype is printable ASCII text of a header’s length', () => {
  for (const mimetype of ['m'.repeat(MAX_MIMETYPE_CHARS + 1), 'text/plain\r\nX-Evil: 1', 'text/é', 5, ['text/plain']]) {
    assert.deepEqual(
      refusal([{ name: 'a.pdf', datas: 'aGk=', mimetype }]),
      refused(`Attachment 'a.pdf': 'mimetype' must be text of at most ${MAX_MIMETYPE_CHARS} printable ASCII characters`, `${PATH}[0].mimetype`),
    );
  }
});

test('the mimetype guessed is the last extension’s, in any case, else octet-stream', () => {
  assert.equal(guessMimetype('scan.PNG'), 'image/png');
  assert.equal(guessMimetype('invoice.2026.pdf'), 'application/pdf');
  assert.equal(guessMimetype('report.pdf.exe'), 'application/octet-stream');
  assert.equal(guessMimetype('notes'), 'application/octet-stream');
  assert.equal(guessMimetype('pdf'), 'application/octet-stream');
  assert.equal(guessMimetype('a.pdf '), 'application/octet-stream');
});

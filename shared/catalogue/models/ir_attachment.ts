import { binary, char, company, integer } from '../fields';
import type { ModelSpec } from '../types';

/** The model attachments are records of: `attachment_ids` of any payload create them. */
export const ATTACHMENT_MODEL = 'ir.attachment';

export const irAttachment: ModelSpec = {
  name: ATTACHMENT_MODEL,
  description: 'Attachments',
  fields: {
    name: char({ required: true, index: true }),
    mimetype: char(),
    file_size: integer({ readonly: true }),
    checksum: char({ readonly: true, label: 'Checksum (sha256)' }),
    // Set from the record an attachment is sent with (attachment_ids), never from a payload.
    res_model: char({ index: true, readonly: true, label: 'Resource model' }),
    res_id: integer({ index: true, readonly: true, label: 'Resource id' }),
    company_id: company(),
    datas: binary({ label: 'File content', size: 'file_size' }),
  },
};

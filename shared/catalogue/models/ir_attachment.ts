import { binary, char, company, integer } from '../fields';
import type { ModelSpec } from '../types';

export const irAttachment: ModelSpec = {
  name: 'ir.attachment',
  description: 'Attachments',
  fields: {
    name: char({ required: true, index: true }),
    mimetype: char(),
    file_size: integer({ readonly: true }),
    checksum: char({ readonly: true, label: 'Checksum (sha256)' }),
    res_model: char({ index: true, label: 'Resource model' }),
    res_id: integer({ index: true, label: 'Resource id' }),
    company_id: company(),
    datas: binary({ label: 'File content', size: 'file_size' }),
  },
};

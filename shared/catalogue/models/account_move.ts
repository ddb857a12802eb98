import * as z from 'zod/mini';
import { char, company, date, float, many2one, one2many, selection } from '../fields';
import { Refusal, method } from '../methods';
import type { ModelSpec } from '../types';
import { toDate } from '../values';

const noParameters = z.strictObject({});

export const accountMove: ModelSpec = {
  name: 'account.move',
  description: 'Journal entries and invoices',
  fields: {
    name: char({ index: true, label: 'Number', default: '/' }),
    ref: char({ index: true, label: 'Reference' }),
    move_type: selection(
      [
        ['out_invoice', 'Customer invoice'],
        ['in_invoice', 'Vendor bill'],
        ['out_refund', 'Customer credit note'],
        ['in_refund', 'Vendor credit note'],
        ['entry', 'Journal entry'],
      ],
      { default: 'out_invoice', label: 'Type' },
    ),
    partner_id: many2one('res.partner', { index: true, label: 'Partner' }),
    company_id: company(),
    invoice_date: date({ label: 'Invoice date' }),
    state: selection(
      [
        ['draft', 'Draft'],
        ['posted', 'Posted'],
        ['cancel', 'Cancelled'],
      ],
      { default: 'draft' },
    ),
    invoice_line_ids: one2many('account.move.line', 'move_id', { label: 'Invoice lines' }),
    amount_total: float({
      digits: 2,
      readonly: true,
      aggregate: { over: 'invoice_line_ids', field: 'price_subtotal' },
    }),
  },
  methods: {
    action_post: method({
      doc: 'Posts draft entries: numbers each INV/<year>/<sequence> (per company and year of invoice_date, today when empty).',
      parameters: noParameters,
      multi: true,
      async run({ records, write, nextNumber, now }) {
        for (const move of records) {
          if (move.values.state !== 'draft') refuse(`Only draft entries can be posted; ${move.values.name} is ${move.values.state}`, move.id);
          if (((move.values.invoice_line_ids as number[]) ?? []).length === 0) refuse('An entry without lines cannot be posted', move.id);
        }
        const names: Record<number, string> = {};
        for (const move of records) {
          const invoiceDate = (move.values.invoice_date as string | null) ?? toDate(now);
          const year = invoiceDate.slice(0, 4);
          const company = (move.values.company_id as number | null) ?? null;
          const number = await nextNumber('account.move', company, year);
          names[move.id] = `INV/${year}/${String(number).padStart(4, '0')}`;
          write(move, { state: 'posted', name: names[move.id]!, invoice_date: invoiceDate });
        }
        return records.map((m) => ({ id: m.id, name: names[m.id] }));
      },
    }),
    button_draft: method({
      doc: 'Resets posted or cancelled entries to draft (they keep their number).',
      parameters: noParameters,
      multi: true,
      run({ records, write }) {
        for (const move of records) {
          if (move.values.state === 'draft') refuse('The entry is already a draft', move.id);
          write(move, { state: 'draft' });
        }
        return true;
      },
    }),
    button_cancel: method({
      doc: 'Cancels draft entries (a posted entry is reset to draft first).',
      parameters: noParameters,
      multi: true,
      run({ records, write }) {
        for (const move of records) {
          if (move.values.state !== 'draft') refuse(`Only draft entries can be cancelled; reset ${move.values.name} to draft first`, move.id);
          write(move, { state: 'cancel' });
        }
        return true;
      },
    }),
  },
};

function refuse(message: string, id: number): never {
  throw new Refusal(message, { id });
}

/**
 * A record's company as the rounds learn it:
 * - `unsettled`: not known yet (its `company_id` is named by a lookup still unanswered, or its
 *   parent's is);
 * - `none`: no company, the record is shared (`company_id` empty, or a model without companies);
 * - `company`: that company.
 */
export type CompanyState = { state: 'unsettled' } | { state: 'none' } | InCompany;

export interface InCompany {
  state: 'company';
  id: number;
}

/**
 * The company whose records (with the shared ones) a record's lookups find: unsettled until its
 * company is known, then a company; never `none`, since a shared record's lookups search its
 * caller's or parent's company.
 */
export type LookupCompany = { state: 'unsettled' } | InCompany;

export const UNSETTLED = { state: 'unsettled' } as const;
export const NO_COMPANY = { state: 'none' } as const;
export const inCompany = (id: number): InCompany => ({ state: 'company', id });

/** A stored `company_id` as a state: empty is no company. */
export const companyOf = (stored: unknown): CompanyState => (typeof stored === 'number' ? inCompany(stored) : NO_COMPANY);

/**
 * The `company_id` a record is written with. A company still unsettled when the record is written
 * is written empty.
 */
export const storedCompany = (company: CompanyState): number | null => (company.state === 'company' ? company.id : null);

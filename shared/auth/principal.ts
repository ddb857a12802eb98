/**
 * Who is calling, as the authorizer hands it to the handlers: the key's (or session's) name, the
 * company it works in, the companies it may see and use, and optionally the routes and models it is
 * limited to.
 */
export interface Principal {
  /** Display name of the key or user (what the logs show). */
  name: string;
  /** `key:<id>` or `user:<login>`: never the secret itself. */
  id: string;
  /** The caller's current company: default for new records and for lookups. */
  companyId: number;
  /** Companies it may see and write; `all` includes companies created later. */
  allowedCompanyIds: readonly number[] | 'all';
  /** Routes it may call (e.g. `create_data`); absent: every route. */
  routes?: readonly string[];
  /** Models it may touch; absent: every model. */
  models?: readonly string[];
}

export const mayUseCompany = (p: Principal, company: number): boolean =>
  p.allowedCompanyIds === 'all' || p.allowedCompanyIds.includes(company);

/** Whether the principal may use the model (a key may be limited to some models). */
export const mayUseModel = (p: Principal, model: string): boolean => !p.models || p.models.includes(model);

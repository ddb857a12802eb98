import type { Catalogue } from './catalogue';
import { WritePlan } from './plan';

/** Company 1 exists from the start: the first record of every deployment. */
export const FIRST_COMPANY = { id: 1, name: 'My Company' } as const;

/** The plan that creates the first company, for the local stack and the deployment alike. */
export function seedPlan(catalogue: Catalogue, now: string): WritePlan {
  const plan = new WritePlan(catalogue, now);
  plan.create(catalogue.get('res.company')!, FIRST_COMPANY.id, { name: FIRST_COMPANY.name, email: null });
  return plan;
}

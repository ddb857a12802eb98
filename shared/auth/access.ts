import type { Model } from '../catalogue';
import type { Visibility } from '../store';
import { mayUseCompany, mayUseModel, type Principal } from './principal';
import { visibilityFor } from './visibility';

/**
 * What a request's caller may reach, built once per request from its principal and the operator's
 * `ignore_checkcompany_model`, and handed to operations, search keys, searches and the resolver so
 * that none of them restates a rule: the models it may use, the companies it may use, and which
 * records of a model it sees.
 */
export interface Access {
  readonly principal: Principal;
  /** Models the operator excluded from company scoping (`ignore_checkcompany_model`). */
  readonly unscoped: ReadonlySet<string>;
  /** Whether the caller may use the model (a key may be limited to some models). */
  mayUseModel(name: string): boolean;
  /** Whether the caller may see and write records of the company. */
  mayUseCompany(company: number): boolean;
  /** The records of the model the caller sees (archived ones left out with `activeOnly`). */
  visibility(model: Model, activeOnly: boolean): Visibility;
}

export function accessFor(principal: Principal, unscopedModels: readonly string[]): Access {
  const unscoped: ReadonlySet<string> = new Set(unscopedModels);
  return {
    principal,
    unscoped,
    mayUseModel: (name) => mayUseModel(principal, name),
    mayUseCompany: (company) => mayUseCompany(principal, company),
    visibility: (model, activeOnly) => visibilityFor(principal, model, unscoped, activeOnly),
  };
}

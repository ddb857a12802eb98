import type { Model } from '../catalogue';
import { WebhookError } from '../envelope';
import type { OperationContext } from './context';

type Caller = Pick<OperationContext, 'catalogue' | 'access'>;

/** The model named by `params.model`, if the catalogue has it and the caller may use it. */
export function requireModel(ctx: Caller, name: string): Model {
  const model = ctx.catalogue.get(name);
  if (!model) throw new WebhookError('UNKNOWN_MODEL', `Model '${name}' does not exist`, { model: name });
  if (!ctx.access.mayUseModel(name)) {
    throw new WebhookError('FORBIDDEN', `Model '${name}' is not allowed for this caller`, { model: name });
  }
  return model;
}

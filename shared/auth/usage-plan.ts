import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateUsagePlanKeyCommand,
  DeleteApiKeyCommand,
  NotFoundException,
  paginateGetUsagePlans,
} from '@aws-sdk/client-api-gateway';
import { traced } from '../observability/tracer';

/**
 * API Gateway's side of keys and users in a deployed stage: each key (and each user, for its
 * sessions) is an API Gateway API key in the stage's usage plan, so that API Gateway meters and
 * throttles it. The API key's value is the usage identifier the authorizer returns for it (the
 * key's sha256, or the user's usage key), never the secret itself. The local stack has no usage
 * plan: its gateway throttles by the same identifiers without being told.
 */
export interface UsagePlan {
  /** Creates an API key with this value in the usage plan; its id, or undefined locally. */
  addKey(name: string, value: string, description: string): Promise<string | undefined>;
  /** Deletes an API key (which takes it out of the usage plan); one already gone is fine. */
  removeKey(gatewayKeyId: string): Promise<void>;
  close(): void;
}

export const LOCAL_USAGE_PLAN: UsagePlan = { addKey: async () => undefined, removeKey: async () => undefined, close: () => undefined };

/** The usage plan with this id, through API Gateway. */
export function gatewayUsagePlan(usagePlanId: string): UsagePlan {
  const client = traced(new APIGatewayClient({}));
  const removeKey = async (apiKey: string) => {
    try {
      await client.send(new DeleteApiKeyCommand({ apiKey }));
    } catch (error) {
      if (!(error instanceof NotFoundException)) throw error;
    }
  };
  return {
    addKey: async (name, value, description) => {
      const created = await client.send(new CreateApiKeyCommand({ name, value, description, enabled: true }));
      const id = created.id!;
      try {
        await client.send(new CreateUsagePlanKeyCommand({ usagePlanId, keyId: id, keyType: 'API_KEY' }));
      } catch (error) {
        await removeKey(id);
        throw error;
      }
      return id;
    },
    removeKey,
    close: () => client.destroy(),
  };
}

/** The id of the usage plan with this name (`webhook-<stage>`), or undefined when there is none. */
export async function findUsagePlanId(name: string): Promise<string | undefined> {
  const client = traced(new APIGatewayClient({}));
  try {
    for await (const page of paginateGetUsagePlans({ client }, { limit: 500 })) {
      const plan = page.items?.find((p) => p.name === name);
      if (plan) return plan.id;
    }
    return undefined;
  } finally {
    client.destroy();
  }
}

/** API key names: the stage, then what the key stands for. */
export const gatewayKeyName = (stage: string, what: string): string => `webhook-${stage}-${what}`;

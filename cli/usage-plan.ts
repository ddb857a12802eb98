import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateUsagePlanKeyCommand,
  DeleteApiKeyCommand,
  NotFoundException,
} from '@aws-sdk/client-api-gateway';
import { TargetError, type Target } from './target';

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

const LOCAL: UsagePlan = { addKey: async () => undefined, removeKey: async () => undefined, close: () => undefined };

export function usagePlanOf(target: Target): UsagePlan {
  if (target.kind === 'local') return LOCAL;
  const usagePlanId = target.usagePlanId;
  if (!usagePlanId) throw new TargetError(`The stack of stage '${target.stage}' has no UsagePlanId output; deploy it again with \`npx cdk deploy\`.`);
  const client = new APIGatewayClient({});
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

/** API key names: the stage, then what the key stands for. */
export const gatewayKeyName = (target: Target, what: string): string => `webhook-${target.stage}-${what}`;

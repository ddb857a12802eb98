import { generateKey, hashKey, newKeyId, revokeKey, saveKey, type ListedKey } from './keys';
import type { Principal } from './principal';
import type { PrincipalFields } from './principal-fields';
import { gatewayKeyName, type UsagePlan } from './usage-plan';

/**
 * Making and revoking API keys as operators do (the CLI and the console alike): in a deployed
 * stage a key is also an API Gateway API key in the stage's usage plan.
 */
export interface NewKey {
  keyId: string;
  /** The secret, shown once. */
  key: string;
  principal: Principal;
}

export interface Where {
  plan: UsagePlan;
  /** Names the API Gateway key (`webhook-<stage>-key-<id>`). */
  stage: string;
}

export async function createApiKey(name: string, fields: PrincipalFields, { plan, stage }: Where): Promise<NewKey> {
  const keyId = newKeyId();
  const principal: Principal = { name, id: `key:${keyId}`, ...fields };
  const key = generateKey();
  // The API Gateway key comes first: a key saved without it would be refused by API Gateway.
  const gatewayKeyId = await plan.addKey(gatewayKeyName(stage, `key-${keyId}`), hashKey(key), name);
  try {
    await saveKey(key, { keyId, principal, createdAt: new Date().toISOString(), ...(gatewayKeyId ? { gatewayKeyId } : {}) });
  } catch (error) {
    if (gatewayKeyId) await plan.removeKey(gatewayKeyId);
    throw error;
  }
  return { keyId, key, principal };
}

export type Revoked = { status: 'revoked' | 'already-revoked'; key: ListedKey } | { status: 'unknown' };

/** The API Gateway key of a revoked key could not be deleted: revoking again tries again. */
export class GatewayKeyNotDeleted extends Error {
  override readonly name = 'GatewayKeyNotDeleted';
}

/**
 * Revokes a key, then deletes its API Gateway key: also when it was revoked before, so that a
 * deletion that failed then is tried again.
 */
export async function revokeApiKey(keyId: string, plan: UsagePlan, now = new Date()): Promise<Revoked> {
  const outcome = await revokeKey(keyId, now);
  if (outcome.status === 'unknown' || !outcome.key.gatewayKeyId) return outcome;
  try {
    await plan.removeKey(outcome.key.gatewayKeyId);
  } catch (error) {
    throw new GatewayKeyNotDeleted(
      `the key is revoked, but its API Gateway key ${outcome.key.gatewayKeyId} could not be deleted (${(error as Error).message}); ` +
        `revoke ${keyId} again, or aws apigateway delete-api-key --api-key ${outcome.key.gatewayKeyId}`,
    );
  }
  return outcome;
}

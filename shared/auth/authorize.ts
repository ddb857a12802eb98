import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { getConfig } from '../config';
import { TtlCache } from './cache';
import { readCredentials } from './credentials';
import { findKey, hashKey } from './keys';
import type { Principal } from './principal';
import { INVALID_KEY, NOT_AUTHENTICATED, SESSION_EXPIRED } from './messages';
import { findSession } from './sessions';
import { sha256 } from './table';


/** Who a credential stands for, as read from the auth table; null: nobody. */
interface Identity {
  principal: Principal;
  /** The value API Gateway meters the request under (usage plan key). */
  usageKey: string;
  /** Epoch milliseconds after which it no longer works. */
  validUntil: number;
}

let cache: TtlCache<Identity> | undefined;
const identities = () => (cache ??= new TtlCache(getConfig().authCacheSeconds * 1000));

/**
 * Decides a request: Allow with the principal (as JSON text in the context, since context values
 * must be scalars) and the key API Gateway meters it under, or Deny with the message the caller
 * will read (`context.message`).
 */
export async function authorize(event: APIGatewayRequestAuthorizerEvent, now = new Date()): Promise<APIGatewayAuthorizerResult> {
  const credentials = readCredentials(event.headers, event.multiValueHeaders);
  switch (credentials.kind) {
    case 'none':
      return deny(event.methodArn, NOT_AUTHENTICATED);
    case 'malformed':
      return deny(event.methodArn, INVALID_KEY);
    case 'key': {
      const identity = await cached(`key:${hashKey(credentials.key)}`, () => keyIdentity(credentials.key), now);
      return identity && identity.validUntil > now.getTime() ? allow(event.methodArn, identity) : deny(event.methodArn, INVALID_KEY);
    }
    case 'session': {
      const identity = await cached(`session:${sha256(credentials.sessionId)}`, () => sessionIdentity(credentials.sessionId), now);
      return identity && identity.validUntil > now.getTime() ? allow(event.methodArn, identity) : deny(event.methodArn, SESSION_EXPIRED);
    }
  }
}

/** Known credentials are cached; unknown ones are not, so that a key works as soon as it is made. */
async function cached(id: string, read: () => Promise<Identity | null>, now: Date): Promise<Identity | null> {
  const hit = identities().get(id, now.getTime());
  if (hit) return hit;
  const identity = await read();
  if (identity) identities().set(id, identity, now.getTime());
  return identity;
}

async function keyIdentity(key: string): Promise<Identity | null> {
  const record = await findKey(key);
  if (!record) return null;
  const validUntil = record.revokedAt ? 0 : Number.POSITIVE_INFINITY;
  return { principal: record.principal, usageKey: hashKey(key), validUntil };
}

/** A session of `/web/session/authenticate`; the console's sessions are not credentials of the API. */
async function sessionIdentity(sessionId: string): Promise<Identity | null> {
  const session = await findSession(sessionId);
  if (!session || session.kind === 'console') return null;
  return { principal: session.principal, usageKey: session.usageKey, validUntil: session.expiresAt * 1000 };
}

function allow(methodArn: string, identity: Identity): APIGatewayAuthorizerResult {
  return {
    principalId: identity.principal.id,
    policyDocument: policy('Allow', methodArn),
    context: { principal: JSON.stringify(identity.principal) },
    usageIdentifierKey: identity.usageKey,
  };
}

/**
 * `messageJson` is the message escaped for a JSON string: API Gateway's response template for a
 * Deny only substitutes it into the JSON-RPC error body (infra/gateway-responses.ts), and a
 * message may hold quotes.
 */
function deny(methodArn: string, message: string): APIGatewayAuthorizerResult {
  const messageJson = JSON.stringify(message).slice(1, -1);
  return { principalId: 'anonymous', policyDocument: policy('Deny', methodArn), context: { message, messageJson } };
}

function policy(effect: 'Allow' | 'Deny', methodArn: string): APIGatewayAuthorizerResult['policyDocument'] {
  // The whole API, so that a cached decision serves every route of the key.
  const apiArn = methodArn.split('/').slice(0, 2).join('/') + '/*';
  return { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: apiArn }] };
}

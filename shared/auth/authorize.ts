import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { readCredentials } from './credentials';
import { findKey } from './keys';
import { INVALID_KEY, NOT_AUTHENTICATED } from './messages';

/**
 * Decides a request: Allow with the principal (as JSON text in the context, since context values
 * must be scalars) and the API key for metering, or Deny with the message the caller will read.
 */
export async function authorize(event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
  const { apiKey, malformed } = readCredentials(event.headers);
  if (!apiKey) return deny(event.methodArn, malformed ? INVALID_KEY : NOT_AUTHENTICATED);
  const record = await findKey(apiKey);
  if (!record || record.revokedAt) return deny(event.methodArn, INVALID_KEY);
  return {
    principalId: record.principal.id,
    policyDocument: policy('Allow', event.methodArn),
    context: { principal: JSON.stringify(record.principal) },
    usageIdentifierKey: apiKey,
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

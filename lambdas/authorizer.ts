import middy from '@middy/core';
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { authorize } from '../shared/auth/authorize';
import { observability } from '../shared/observability';

/**
 * API Gateway REQUEST authorizer: turns a Bearer token or x-api-key into the principal, and names
 * the key for the usage plan (API key source AUTHORIZER). A refusal carries its message in the
 * context, which the gateway response renders as a JSON-RPC error.
 */
export const handler = middy<APIGatewayRequestAuthorizerEvent, APIGatewayAuthorizerResult>()
  .use(observability())
  .handler((event) => authorize(event));

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { GATEWAY_ANSWERS, methodNotAllowedTemplate, responseTemplate, type GatewayAnswer } from '../../infra/gateway-responses';
import { authorize } from '../../shared/auth/authorize';
import { INVALID_KEY, NOT_AUTHENTICATED } from '../../shared/auth/messages';
import { ERROR_CODES, WebhookError, renderError, type ErrorCode } from '../../shared/envelope';

/**
 * What API Gateway does with a gateway response template: plain substitution of `$context`
 * variables, no escaping, no VTL. A variable the test does not know fails the test.
 */
function substitute(template: string, variables: Record<string, string>): string {
  return template.replace(/\$context(?:\.[A-Za-z]+)+/g, (name) => {
    const value = variables[name];
    if (value === undefined) throw new Error(`unexpected variable ${name}`);
    return value;
  });
}

/** The body the functions and the local API Gateway answer for a code and message. */
const localBody = (code: ErrorCode, message: string, requestId: string): unknown =>
  JSON.parse(renderError(null, new WebhookError(code, message), requestId).body);

const answer = (type: string): GatewayAnswer => GATEWAY_ANSWERS.find((a) => a.type === type)!;

const authorizerEvent = (headers: Record<string, string>) =>
  ({ type: 'REQUEST', methodArn: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/api/create_data', headers }) as unknown as APIGatewayRequestAuthorizerEvent;

describe('gateway responses', () => {
  for (const [situation, headers, message] of [
    ['no credentials', {}, NOT_AUTHENTICATED],
    ['an Authorization header that is not a Bearer token', { Authorization: 'Basic dXNlcjpwYXNz' }, INVALID_KEY],
  ] as const) {
    test(`the authorizer's refusal of ${situation} reads in AWS as the local API Gateway answers it: 401, its message, quotes and all`, async () => {
      const decision = await authorize(authorizerEvent(headers));
      assert.equal(decision.policyDocument.Statement[0]!.Effect, 'Deny');
      const requestId = randomUUID();
      const deny = answer('ACCESS_DENIED');
      const body = substitute(responseTemplate(deny), {
        '$context.requestId': requestId,
        '$context.authorizer.messageJson': String(decision.context!.messageJson),
      });
      assert.equal(deny.status, 401);
      assert.deepEqual(JSON.parse(body), localBody('UNAUTHENTICATED', message, requestId));
    });
  }

  test("every answer is valid JSON in the functions' error shape, whatever API Gateway's own message holds", () => {
    const gatewayMessage = 'Unsupported "Media" Type \\ or\nwhatever';
    for (const a of GATEWAY_ANSWERS) {
      const requestId = randomUUID();
      const body = substitute(responseTemplate(a), {
        '$context.requestId': requestId,
        '$context.authorizer.messageJson': 'Invalid apikey',
        '$context.error.messageString': JSON.stringify(gatewayMessage),
      });
      const parsed = JSON.parse(body) as { error: { message: string } };
      const expected = a.message === 'authorizer' ? 'Invalid apikey' : a.message === 'gateway' ? gatewayMessage : a.message.text;
      assert.equal(parsed.error.message, expected, a.type);
      assert.deepEqual(parsed, localBody(a.code, expected, requestId), a.type);
    }
  });

  test('the HTTP status of each answer is the one its error code documents (a failing integration keeps 502/504)', () => {
    for (const a of GATEWAY_ANSWERS) {
      if (a.type === 'INTEGRATION_FAILURE' || a.type === 'INTEGRATION_TIMEOUT') continue;
      assert.equal(a.status, ERROR_CODES[a.code].status, a.type);
    }
    assert.deepEqual(
      ['UNAUTHORIZED', 'MISSING_AUTHENTICATION_TOKEN', 'THROTTLED', 'QUOTA_EXCEEDED', 'REQUEST_TOO_LARGE', 'DEFAULT_5XX'].map((t) => answer(t).status),
      [401, 404, 429, 429, 413, 500],
    );
  });

  test("another method on a route gets the local API Gateway's 405, naming the route's method", () => {
    const requestId = randomUUID();
    const body = substitute(methodNotAllowedTemplate('POST'), { '$context.requestId': requestId, '$context.resourcePath': '/api/create_data' });
    assert.deepEqual(JSON.parse(body), localBody('METHOD_NOT_ALLOWED', '/api/create_data accepts POST only', requestId));
    const get = substitute(methodNotAllowedTemplate('GET'), { '$context.requestId': requestId, '$context.resourcePath': '/api/openapi.json' });
    assert.deepEqual(JSON.parse(get), localBody('METHOD_NOT_ALLOWED', '/api/openapi.json accepts GET only', requestId));
  });
});

import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { parseRpcBody, renderError, type HttpResponse, type RpcRequest } from '../envelope';
import { observability } from '../observability';
import { answerError } from './errors';
import { bodyOf, requestIdOf } from './event';

/**
 * A JSON-RPC route that writes no API log: the body parsed (a malformed one answered as the
 * protocol failure it is), the request answered by `answer`, and whatever it throws answered as
 * its documented error (or `Internal error`, logged with its stack).
 */
export function rpcHandler(answer: (request: RpcRequest, event: APIGatewayProxyEvent) => Promise<HttpResponse> | HttpResponse) {
  const handle = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    const requestId = requestIdOf(event, context.awsRequestId);
    const parsed = parseRpcBody(bodyOf(event));
    if (!parsed.ok) return renderError(parsed.id, parsed.error, requestId);
    try {
      return await answer(parsed.request, event);
    } catch (error) {
      return answerError(parsed.request.id, error, requestId);
    }
  };
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>().use(observability()).handler(handle);
}

import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { routeConsole } from '../shared/console/router';
import { requestIdOf } from '../shared/lambda/event';
import { observability } from '../shared/observability';
import { CONSOLE_ROUTE } from './routes';

/**
 * ANY /console and /console/{proxy+}: the operators' console, its page and its JSON API. Not
 * behind the authorizer: it checks its own sessions (operators only). Never logged as API calls.
 */
const handle = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
  const path = event.path.slice(event.path.indexOf(CONSOLE_ROUTE.prefix) + CONSOLE_ROUTE.prefix.length);
  return routeConsole(event, path, { now: new Date(), requestId: requestIdOf(event, context.awsRequestId) });
};

export const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>().use(observability()).handler(handle);

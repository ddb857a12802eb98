import type middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Context } from 'aws-lambda';
import { requestIdOf } from '../lambda/event';
import { logger } from './logger';
import { tracer } from './tracer';

/**
 * What every function wraps its handler in:
 *
 * - the Lambda context in every log line (`function_name`, `function_request_id`, `cold_start`),
 *   and the request's keys cleared after it, so that none leaks into the next request;
 * - the API Gateway request id in every log line (`correlation_id`), and as the trace's
 *   `request_id` annotation, so that the request id of an answer finds both;
 * - a subsegment around the handler, without the response (an answer carries business data);
 * - an error the handler throws, in the log with the request id.
 */
export function observability<Event extends Parameters<typeof requestIdOf>[0], Result>(): middy.MiddlewareObj<Event, Result, Error, Context>[] {
  return [
    injectLambdaContext(logger, { resetKeys: true }),
    captureLambdaHandler(tracer, { captureResponse: false }),
    {
      before: ({ event, context }) => {
        const id = requestIdOf(event, context.awsRequestId);
        logger.setCorrelationId(id);
        tracer.putAnnotation('request_id', id);
      },
      // A handler that throws (the routes answer their own failures; the authorizer cannot when
      // the auth table is out of reach) is logged here with the request id, then fails as it would.
      onError: ({ error }) => {
        logger.error('Unhandled error', { error: error ?? undefined });
      },
    },
  ];
}

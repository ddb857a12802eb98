import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * X-Ray tracing of the functions (the stack turns active tracing on): each AWS client of a
 * container is wrapped once, at module scope, so that every DynamoDB, S3 and SSM call is a
 * subsegment of the request's trace, with its duration, retries and errors.
 *
 * The tracer works only in Lambda with tracing on; anywhere else (the local stack, the tests, the
 * CLI) it is off and `traced` hands the client back as it is. Outgoing HTTP calls other than the
 * AWS clients' are not traced: the functions make none.
 */
export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'webhook', captureHTTPsRequests: false });

/** An AWS SDK client whose calls are traced. */
export const traced = <Client>(client: Client): Client => tracer.captureAWSv3Client(client);

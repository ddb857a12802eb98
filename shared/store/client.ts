import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { clientConfig, enforceDeadlines } from '../aws/clients';
import { dynamodbAttemptMs } from '../config';
import { traced } from '../observability/tracer';

/**
 * The one DynamoDB client of a container, created at module scope so that its connections are
 * reused across invocations. The endpoint comes from the standard environment
 * (`AWS_ENDPOINT_URL_DYNAMODB`), so the same code runs against DynamoDB Local and AWS.
 * Each attempt waits a bounded time for its answer (`dynamodbAttemptMs`, 3 s: DynamoDB answers a
 * transaction of 100 items in well under a second), and throttling and transient errors are
 * retried with backoff for as long as the current deadline allows (shared/aws/clients.ts). Its
 * calls are traced in X-Ray (shared/observability/tracer.ts).
 */
export const dynamoClient = traced(enforceDeadlines(new DynamoDBClient(clientConfig({ requestTimeoutMs: dynamodbAttemptMs() }))));

export const dynamo = DynamoDBDocumentClient.from(dynamoClient, {
  marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
});

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { traced } from '../observability/tracer';

/**
 * The one DynamoDB client of a container, created at module scope so that its connections are
 * reused across invocations. The endpoint comes from the standard environment
 * (`AWS_ENDPOINT_URL_DYNAMODB`), so the same code runs against DynamoDB Local and AWS.
 * Throttling and transient errors are retried by the SDK's standard mode (exponential backoff with
 * full jitter). Its calls are traced in X-Ray (shared/observability/tracer.ts).
 */
export const dynamoClient = traced(new DynamoDBClient({ maxAttempts: 6 }));

export const dynamo = DynamoDBDocumentClient.from(dynamoClient, {
  marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
});

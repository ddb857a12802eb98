import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { clientConfig, enforceDeadlines } from '../aws/clients';

/**
 * The one DynamoDB client of a container, created at module scope so that its connections are
 * reused across invocations. The endpoint comes from the standard environment
 * (`AWS_ENDPOINT_URL_DYNAMODB`), so the same code runs against DynamoDB Local and AWS.
 * Each attempt waits at most 3 s for its answer (DynamoDB answers in milliseconds; a transaction of
 * 100 items in well under a second), and throttling and transient errors are retried with backoff
 * for as long as the current deadline allows (shared/aws/clients.ts).
 */
export const dynamoClient = enforceDeadlines(new DynamoDBClient(clientConfig({ requestTimeoutMs: 3000 })));

export const dynamo = DynamoDBDocumentClient.from(dynamoClient, {
  marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
});

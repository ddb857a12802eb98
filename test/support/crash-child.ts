/**
 * A route's handler in a process of its own, for crash tests: it runs one request, lets the first
 * ALLOW transactions go to DynamoDB and holds every later one before it is sent. It prints
 * `COMMITTED <n>` as transactions commit and `ANSWER <json>` if the request ends; the test kills
 * it (SIGKILL) when enough have committed, as a Lambda timeout or an out-of-memory kill would.
 *
 * Environment: the test file's (endpoints, tables), and ROUTE (`create_data`, ...), PARAMS (the
 * JSON-RPC params), PRINCIPAL (JSON), ALLOW (transactions let through; all when absent).
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { dynamoClient } from '../../shared/store/client';
import { ROUTE_TIMEOUT_SECONDS } from '../../shared/deployment';

const allow = process.env.ALLOW ? Number(process.env.ALLOW) : Infinity;
let started = 0;
let committed = 0;

type Handler = (args: object) => Promise<unknown>;
(dynamoClient.middlewareStack as unknown as { add(mw: (next: Handler, c: { commandName?: string }) => Handler, o: object): void }).add(
  (next, context) => async (args) => {
    if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
    if (++started > allow) return new Promise(() => undefined); // held: never sent
    const out = await next(args);
    process.stdout.write(`COMMITTED ${++committed}\n`);
    return out;
  },
  { step: 'initialize', name: 'crashTest', priority: 'high' },
);

const { handler } = (await import(`../../lambdas/${process.env.ROUTE}.ts`)) as {
  handler: (event: APIGatewayProxyEvent, context: Context) => Promise<{ statusCode: number; body: string }>;
};
const requestId = randomUUID();
const end = Date.now() + ROUTE_TIMEOUT_SECONDS * 1000;
const event = {
  httpMethod: 'POST',
  path: `/api/${process.env.ROUTE}`,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ jsonrpc: '2.0', id: 1, params: JSON.parse(process.env.PARAMS!) }),
  isBase64Encoded: false,
  requestContext: { requestId, authorizer: { principal: process.env.PRINCIPAL }, identity: { sourceIp: '127.0.0.1' } },
} as unknown as APIGatewayProxyEvent;
const context = { awsRequestId: requestId, functionName: process.env.ROUTE, getRemainingTimeInMillis: () => end - Date.now() } as unknown as Context;
const answer = await handler(event, context);
process.stdout.write(`ANSWER ${JSON.stringify({ statusCode: answer.statusCode, body: JSON.parse(answer.body) })}\n`);
process.exit(0);

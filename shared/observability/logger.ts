import { Logger } from '@aws-lambda-powertools/logger';
import { InvokeStore } from '@aws/lambda-invoke-store';

/**
 * Where invocations share a process (`AWS_LAMBDA_MAX_CONCURRENCY` set), Powertools keeps each
 * one's log context in the runtime's invocation store, and fails to log without one. Lambda's
 * runtime makes that store before loading the code (this returns it); a process that has the
 * variable without that runtime (a child of the local stack, which sets it) gets its own here.
 */
await InvokeStore.getInstanceAsync();

/**
 * The functions' own structured log (CloudWatch in AWS, stdout locally); the API call logs that
 * operators read are another thing (shared/logs). Level from `POWERTOOLS_LOG_LEVEL`.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'webhook' });

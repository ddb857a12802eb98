import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The functions' own structured log (CloudWatch in AWS, stdout locally); the API call logs that
 * operators read are another thing (shared/logs). Level from `POWERTOOLS_LOG_LEVEL`.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'webhook' });

/**
 * Function log messages that an alarm counts (a CloudWatch metric filter on the message, in
 * infra/alarms.ts): the code that logs them and the filter share these texts.
 */

/** An API log that could not be written (the call's answer is unchanged). */
export const API_LOG_NOT_WRITTEN = 'API log not written';

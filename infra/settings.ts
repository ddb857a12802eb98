import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Node } from 'constructs';

/**
 * What a deployment may choose, from CDK context (`-c name=value` or cdk.json):
 *
 * | context | default | meaning |
 * |---|---|---|
 * | `stage` | `dev` | names the stack (`Webhook-<stage>`), the API stage and the SSM prefix |
 * | `alarmEmail` | (none; required but for `dev`) | an address subscribed to the alarm topic |
 * | `dbName` | `webhook` | the database name `/web/session/authenticate` expects |
 * | `concurrencyQuota` | `1000` | the account's Lambda concurrent executions quota in the region, which the concurrency alarm watches |
 * | `catalogueModule` | `$CATALOGUE_MODULE`, else the demo | the deployment's catalogue module, bundled in the functions |
 */
export interface Settings {
  stage: string;
  alarmEmail?: string;
  dbName: string;
  concurrencyQuota: number;
  catalogueModule?: string;
}

/** The stage that may go without `alarmEmail`: the one a developer deploys to try things. */
export const DEV_STAGE = 'dev';

/** Lambda's default quota of concurrent executions per account and region. */
const DEFAULT_CONCURRENCY_QUOTA = 1000;

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

/** A stage appears in a stack name, an SSM path and a URL: keep it to what all three accept. */
const STAGE = /^[a-z][a-z0-9-]{0,24}$/;

export function readSettings(node: Node): Settings {
  const text = (key: string): string | undefined => {
    const value: unknown = node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return undefined;
    return String(value);
  };
  const stage = text('stage') ?? DEV_STAGE;
  if (!STAGE.test(stage)) {
    throw new SettingsError(`stage '${stage}' must be lowercase letters, digits and '-', starting with a letter (25 at most)`);
  }
  const quota = text('concurrencyQuota') ?? String(DEFAULT_CONCURRENCY_QUOTA);
  if (!/^[1-9][0-9]{0,6}$/.test(quota)) throw new SettingsError(`concurrencyQuota '${quota}' is not a whole number of executions`);
  const settings: Settings = { stage, dbName: text('dbName') ?? 'webhook', concurrencyQuota: Number(quota) };
  const catalogueModule = text('catalogueModule') ?? (process.env.CATALOGUE_MODULE || undefined);
  if (catalogueModule !== undefined) {
    if (!existsSync(resolve(catalogueModule))) throw new SettingsError(`catalogueModule '${catalogueModule}' is not a file (a path from the directory cdk runs in)`);
    settings.catalogueModule = catalogueModule;
  }
  const email = text('alarmEmail');
  if (email !== undefined) {
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new SettingsError(`alarmEmail '${email}' is not an email address`);
    settings.alarmEmail = email;
  } else if (stage !== DEV_STAGE) {
    // Alarms nobody receives are no alarms: any stage but dev names who gets them.
    throw new SettingsError(`stage '${stage}' needs -c alarmEmail=<address>: the address the alarms are mailed to`);
  }
  return settings;
}

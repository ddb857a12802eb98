import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Node } from 'constructs';

/**
 * What a deployment may choose, from CDK context (`-c name=value` or cdk.json):
 *
 * | context | default | meaning |
 * |---|---|---|
 * | `stage` | `dev` | names the stack (`Webhook-<stage>`), the API stage and the SSM prefix |
 * | `alarmEmail` | (none) | an address subscribed to the alarm topic |
 * | `dbName` | `webhook` | the database name `/web/session/authenticate` expects |
 * | `catalogueModule` | `$CATALOGUE_MODULE`, else the demo | the deployment's catalogue module, bundled in the functions |
 */
export interface Settings {
  stage: string;
  alarmEmail?: string;
  dbName: string;
  catalogueModule?: string;
}

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
  const stage = text('stage') ?? 'dev';
  if (!STAGE.test(stage)) {
    throw new SettingsError(`stage '${stage}' must be lowercase letters, digits and '-', starting with a letter (25 at most)`);
  }
  const settings: Settings = { stage, dbName: text('dbName') ?? 'webhook' };
  const catalogueModule = text('catalogueModule') ?? (process.env.CATALOGUE_MODULE || undefined);
  if (catalogueModule !== undefined) {
    if (!existsSync(resolve(catalogueModule))) throw new SettingsError(`catalogueModule '${catalogueModule}' is not a file (a path from the directory cdk runs in)`);
    settings.catalogueModule = catalogueModule;
  }
  const email = text('alarmEmail');
  if (email !== undefined) {
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new SettingsError(`alarmEmail '${email}' is not an email address`);
    settings.alarmEmail = email;
  }
  return settings;
}

import type { Context } from 'aws-lambda';
import middy from '@middy/core';
import { answerMigration, type MigrationRequest } from '../shared/migration/remote';
import { observability } from '../shared/observability';

/**
 * The migration function of a stage: invoked by `npm run catalogue -- diff|migrate --stage <name>`
 * (never by API Gateway), it diffs or migrates the stored records to the catalogue bundled in it,
 * a stretch at a time; the CLI invokes it again until the migration is done.
 */
export const handler = middy<MigrationRequest, unknown>()
  .use(observability())
  .handler((request: MigrationRequest, context: Context) => answerMigration(request, context.getRemainingTimeInMillis()));

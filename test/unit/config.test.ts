import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configEnvironment, getConfig, type Config } from '../../shared/config';

test('the environment the CDK stack gives a function reads back as the same configuration', () => {
  const config: Config = {
    recordsTable: 'records-x',
    authTable: 'auth-x',
    logsTable: 'logs-x',
    filesBucket: 'files-x',
    paramsPrefix: '/webhook/prod/',
    paramsCacheSeconds: 30,
    dbName: 'shop',
    authCacheSeconds: 45,
    sessionTtlSeconds: 3600,
    dynamodbAttemptMs: 2500,
    catalogueCacheSeconds: 20,
    migrationSettleSeconds: 50,
  };
  assert.deepEqual(getConfig(configEnvironment(config)), config);
});

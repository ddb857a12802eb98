/**
 * `npm start`: the whole system on this machine. DynamoDB Local, an S3 emulator and an SSM
 * emulator, then the local API Gateway running the Lambda handlers. Ctrl-C stops everything.
 *
 * Environment: PORT (3000), DATA_DIR (.data, kept across restarts), DYNAMODB_ENDPOINT (use a
 * DynamoDB that is already running instead of starting DynamoDB Local), CATALOGUE_MODULE (the
 * deployment's own catalogue instead of the demo).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { awsEnvironment, startEmulators } from './emulators';
import { DEFAULT_RESOURCES, resourceEnvironment } from './names';
import { checkPortFree } from './ports';

const port = Number(process.env.PORT ?? 3000);
const dataDir = resolve(process.env.DATA_DIR ?? '.data');

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not '${process.env.PORT}'`);
  // Before the JVM starts: a taken port is known in milliseconds, not after seconds of start-up.
  await checkPortFree(port, 'local API Gateway', 'Set PORT to a free port.');
  mkdirSync(dataDir, { recursive: true });
  const emulators = await startEmulators({ dataDir, dynamodbEndpoint: process.env.DYNAMODB_ENDPOINT });
  let stopping = false;
  let stopRecovery = async () => undefined as void;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await stopRecovery();
    await emulators.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    Object.assign(process.env, awsEnvironment(emulators.endpoints), resourceEnvironment(DEFAULT_RESOURCES), {
      PARAMS_CACHE_SECONDS: process.env.PARAMS_CACHE_SECONDS ?? '1',
      CATALOGUE_CACHE_SECONDS: process.env.CATALOGUE_CACHE_SECONDS ?? '1',
      // A revoked key stops working at once locally (in AWS, within the authorizer cache's minute).
      AUTH_CACHE_SECONDS: process.env.AUTH_CACHE_SECONDS ?? '0',
      // DynamoDB Local shares this machine: its answers may take seconds when the machine is busy.
      DYNAMODB_ATTEMPT_TIMEOUT_MS: process.env.DYNAMODB_ATTEMPT_TIMEOUT_MS ?? '10000',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    });
    // Imported only now: the handlers read the environment set above.
    const { prepareResources } = await import('./resources');
    const { ensureDevKey } = await import('./dev-key');
    const { startApiGateway } = await import('./api-gateway');
    const { startRecovery } = await import('./recovery');
    await prepareResources(DEFAULT_RESOURCES);
    const key = await ensureDevKey(join(dataDir, 'dev-api-key'));
    // One line per request, as `sam local start-api` prints them.
    const gateway = await startApiGateway({
      port,
      functionTimeoutMs: seconds('FUNCTION_TIMEOUT_SECONDS'),
      onRequest: (r) => console.log(`${new Date().toISOString().slice(11, 19)} ${r.method} ${r.path} ${r.status} ${r.ms} ms${r.logId ? ` log ${r.logId}` : ''}`),
    });
    // Writes a killed run left unfinished are settled now, then every minute (RECOVERY_INTERVAL_SECONDS).
    const recovery = startRecovery({ intervalMs: seconds('RECOVERY_INTERVAL_SECONDS') });
    stopRecovery = () => recovery.stop();
    writeFileSync(
      join(dataDir, 'endpoints.json'),
      `${JSON.stringify({ api: gateway.url, ...emulators.endpoints, region: 'us-east-1', ...resourceEnvironment(DEFAULT_RESOURCES), ...catalogueModule() }, null, 2)}\n`,
    );
    console.log(`Webhook API listening on ${gateway.url}`);
    console.log(`Development API key (company 1, all companies): ${key}`);
    console.log(`  saved in ${join(dataDir, 'dev-api-key')}; emulator endpoints in ${join(dataDir, 'endpoints.json')}`);
    console.log(`Try: curl -s ${gateway.url}/api/create_data -H "Authorization: Bearer $(cat ${join(dataDir, 'dev-api-key')})" \\`);
    console.log(`       -H 'Content-Type: application/json' -d '{"params": {"model": "res.partner", "vals": {"payload": {"name": "Azure Interior", "ref": "C001"}}}}'`);
    console.log(`Operators' console: ${gateway.url}/console/ (users create --operator makes a login)`);
    console.log('The emulators take any AWS credentials; `eval "$(npm run -s env)"` points the AWS CLI at them.');
    console.log('Ctrl-C stops it.');
  } catch (error) {
    console.error(`Cannot start: ${(error as Error).message}`);
    await stop(1);
  }
}

/** A duration in seconds from the environment, in milliseconds; undefined when unset. */
function seconds(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a number of seconds, not '${raw}'`);
  return n * 1000;
}

/**
 * The catalogue module the stack runs and how long it caches the recorded catalogue, for the CLI
 * (`npm run catalogue`) to run the same one and wait no longer than this stack needs.
 */
function catalogueModule(): Record<string, string> {
  const path = process.env.CATALOGUE_MODULE;
  return { ...(path ? { CATALOGUE_MODULE: resolve(path) } : {}), CATALOGUE_CACHE_SECONDS: process.env.CATALOGUE_CACHE_SECONDS! };
}

main().catch((error: unknown) => {
  console.error(`Cannot start: ${(error as Error).message}`);
  process.exit(1);
});

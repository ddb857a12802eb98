import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startDynamo } from './dynamodb';
import type { Endpoints } from './names';
import { startS3 } from './s3';
import { startSsm, type RunningSsm } from './ssm';

/** The embedded stand-ins for AWS, and how to reach them. */
export interface Emulators {
  endpoints: Endpoints;
  ssm: RunningSsm;
  stop(): Promise<void>;
}

export interface EmulatorOptions {
  /** Keep data here across restarts; in memory (and a temporary folder) without it. */
  dataDir?: string;
  /** Use this DynamoDB instead of starting DynamoDB Local. */
  dynamodbEndpoint?: string;
}

/** Starts DynamoDB Local, s3rver and the SSM emulator together; all or none. */
export async function startEmulators(options: EmulatorOptions = {}): Promise<Emulators> {
  const dir = (name: string) => {
    if (!options.dataDir) return undefined;
    const path = join(options.dataDir, name);
    mkdirSync(path, { recursive: true });
    return path;
  };
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    await Promise.allSettled(stops.reverse().map((stop) => stop()));
  };
  try {
    const dynamodb = options.dynamodbEndpoint
      ? { endpoint: options.dynamodbEndpoint, stop: async () => undefined }
      : await startDynamo({ dataDir: dir('dynamodb') });
    stops.push(dynamodb.stop);
    const s3 = await startS3({ dataDir: dir('s3') });
    stops.push(s3.stop);
    const ssm = await startSsm({ file: options.dataDir ? join(options.dataDir, 'ssm.json') : undefined });
    stops.push(ssm.stop);
    return { endpoints: { dynamodb: dynamodb.endpoint, s3: s3.endpoint, ssm: ssm.endpoint }, ssm, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export { awsEnvironment } from './names';

import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type LifecycleRule } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LOGS_PREFIX, RETENTION_DAYS, RETENTION_TAG } from '../shared/logs/retention';
import { TABLES, type TableName } from '../shared/tables';

/** Where attachment bytes live in the bucket; spilled log bodies live under LOGS_PREFIX. */
export const ATTACHMENTS_PREFIX = 'attachments/';

/** How far back records and attachments can be recovered: DynamoDB's longest point-in-time window. */
export const RECOVERY_DAYS = 35;

/**
 * The stack's data: one DynamoDB table per schema of shared/tables.ts and the files bucket.
 *
 * Both outlive the stack (RETAIN, and deletion protection on the tables): deleting the stack must
 * never delete business records, keys or logs. Encryption at rest uses keys AWS manages (the
 * `aws/dynamodb` KMS key, whose use shows in CloudTrail; SSE-S3 for the bucket): no key policy to
 * administer, no key that a mistake can disable or schedule for deletion, and no KMS grants in
 * the functions' roles. A customer managed key is the choice when the key itself must be
 * controlled (revoked, shared across accounts); it would be set here, and its use granted beside
 * the table grants in access.ts.
 *
 * Both can be taken back in time for RECOVERY_DAYS: the tables by point-in-time recovery, the
 * bucket by versioning (an overwritten or deleted attachment keeps its earlier version that long).
 */
export class Data extends Construct {
  readonly tables: Record<TableName, Table>;
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.tables = {
      records: this.table('Records', 'records'),
      auth: this.table('Auth', 'auth'),
      logs: this.table('Logs', 'logs'),
    };

    // The log_retention_days parameter tags each spilled log body with its retention class when
    // it is written (shared/logs/retention.ts); one rule per class expires them. Untagged bodies
    // (retention 0) and attachments never expire.
    //
    // The bucket is versioned: a replaced or deleted attachment stays as a noncurrent version for
    // RECOVERY_DAYS, as long as the records can be restored. An expired log body is meant to go:
    // its noncurrent version is kept one day only. Delete markers with no version left behind
    // them are removed, so that deleted keys do not pile up.
    const lifecycleRules: LifecycleRule[] = [
      { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ...RETENTION_DAYS.map((days) => ({
        id: `expire-logs-after-${days}-days`,
        prefix: LOGS_PREFIX,
        tagFilters: { [RETENTION_TAG]: String(days) },
        expiration: Duration.days(days),
      })),
      {
        id: `keep-replaced-attachments-${RECOVERY_DAYS}-days`,
        prefix: ATTACHMENTS_PREFIX,
        noncurrentVersionExpiration: Duration.days(RECOVERY_DAYS),
        expiredObjectDeleteMarker: true,
      },
      { id: 'keep-expired-logs-1-day', prefix: LOGS_PREFIX, noncurrentVersionExpiration: Duration.days(1), expiredObjectDeleteMarker: true },
    ];
    this.bucket = new Bucket(this, 'Files', {
      versioned: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      lifecycleRules,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  private table(id: string, name: TableName): Table {
    const schema = TABLES[name];
    const table = new Table(this, id, {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: RECOVERY_DAYS },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      ...(schema.ttlAttribute ? { timeToLiveAttribute: schema.ttlAttribute } : {}),
    });
    for (const index of schema.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      });
    }
    return table;
  }
}

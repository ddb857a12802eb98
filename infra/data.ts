import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type LifecycleRule } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TABLES, type TableName } from '../shared/tables';

/** Where spilled log bodies go in the bucket (shared/logs); attachments live under `attachments/`. */
export const LOGS_PREFIX = 'logs/';
export const ATTACHMENTS_PREFIX = 'attachments/';

export interface DataProps {
  /** Days after which spilled log bodies expire; undefined keeps them. */
  logRetentionDays?: number;
}

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
 */
export class Data extends Construct {
  readonly tables: Record<TableName, Table>;
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);
    this.tables = {
      records: this.table('Records', 'records'),
      auth: this.table('Auth', 'auth'),
      logs: this.table('Logs', 'logs'),
    };

    const lifecycleRules: LifecycleRule[] = [
      { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
    ];
    // The SSM parameter log_retention_days sets the TTL of log items when they are written; the
    // bodies spilled to S3 expire by this rule, fixed at deploy time. Attachments never expire.
    if (props.logRetentionDays !== undefined) {
      lifecycleRules.push({ id: 'expire-spilled-logs', prefix: LOGS_PREFIX, expiration: Duration.days(props.logRetentionDays) });
    }
    this.bucket = new Bucket(this, 'Files', {
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
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
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

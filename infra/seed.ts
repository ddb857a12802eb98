import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { Stack } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct, type IConstruct } from 'constructs';
import { catalogue } from '../shared/catalogue';
import { firstStartStates } from '../shared/migration/recorded';
import { FIRST_COMPANY, seedPlan } from '../shared/seed';
import { counterKey, idCounter } from '../shared/store/keys';
import { recordedItem } from '../shared/store/recorded';
import { toTransactItems } from '../shared/store/transact-items';
import type { TransactItem } from '../shared/store/types';

/**
 * The time company 1 is stamped with. Fixed rather than the time of synthesis, so that the
 * template is the same on every synthesis and a redeploy changes nothing.
 */
export const SEED_TIME = '1970-01-01 00:00:00';

/**
 * The one transaction that creates company 1 in a deployed records table: the items the
 * store itself writes for the seed plan (record, index entries, unique guard, each conditioned on
 * not existing yet), the id counter of res.company set to at least the seeded id, and the
 * catalogue recorded as built (an empty stack has nothing to migrate). In the low-level form
 * DynamoDB's API takes, since the custom resource calls it without the document client.
 */
export function seedTransaction(table: string): TransactWriteItem[] {
  const companies = catalogue.get('res.company')!;
  const items: TransactItem[] = toTransactItems(table, seedPlan(catalogue, SEED_TIME).list()).map((t) => t.write);
  items.push({
    Update: {
      TableName: table,
      Key: counterKey(idCounter(companies.name)),
      UpdateExpression: 'SET #n = if_not_exists(#n, :first)',
      ExpressionAttributeNames: { '#n': 'n' },
      ExpressionAttributeValues: { ':first': FIRST_COMPANY.id },
    },
  });
  for (const rec of firstStartStates(catalogue.models.values())) {
    items.push({ Put: { TableName: table, Item: recordedItem(rec), ConditionExpression: 'attribute_not_exists(pk)' } });
  }
  if (items.length > 100) throw new Error(`the seed transaction holds ${items.length} items, more than DynamoDB's 100: the catalogue has too many models`);
  return items.map(lowLevel);
}

function lowLevel(item: TransactItem): TransactWriteItem {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [kind, op] of Object.entries(item) as [string, Record<string, unknown>][]) {
    const converted: Record<string, unknown> = { ...op };
    for (const field of ['Item', 'Key', 'ExpressionAttributeValues']) {
      if (op[field]) converted[field] = marshall(op[field] as Record<string, unknown>, { removeUndefinedValues: true });
    }
    out[kind] = converted;
  }
  return out as TransactWriteItem;
}

/**
 * Puts company 1 at deploy time. A redeploy, or a stack created over a retained table, leaves the
 * existing company alone: the transaction is then cancelled by its own conditions, which is
 * success here.
 */
export class SeedCompany extends Construct {
  /** The function CDK runs the call with: one per stack, shared by every AwsCustomResource. */
  readonly handler: IConstruct;

  constructor(scope: Construct, id: string, props: { table: Table }) {
    super(scope, id);
    const call = {
      service: 'DynamoDB',
      action: 'TransactWriteItems',
      parameters: { TransactItems: seedTransaction(props.table.tableName) },
      physicalResourceId: PhysicalResourceId.of(`seed-company-${FIRST_COMPANY.id}`),
      ignoreErrorCodesMatching: 'TransactionCanceledException',
    };
    new AwsCustomResource(this, 'Resource', {
      onCreate: call,
      onUpdate: call,
      installLatestAwsSdk: false,
      memorySize: 256,
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({ actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'], resources: [props.table.tableArn] }),
      ]),
    });
    this.handler = Stack.of(this).node.findChild(`AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`);
  }
}

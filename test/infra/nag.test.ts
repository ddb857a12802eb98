import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { NAG_STAGES, acknowledge, findings, nagReport } from '../../infra/nag';
import { acknowledgments } from '../../infra/nag-acknowledgments';
import { synthesize, type Synthesized } from '../support/cdk';

// CloudFormation's own validation of the template runs in stack.test.ts; not twice.
process.env.CDK_VALIDATION = 'false';

describe("AWS's rule packs (cdk-nag AwsSolutions and Serverless)", () => {
  test('npm run nag: every stage checked has no finding but those acknowledged, and every acknowledgment still matches one', () => {
    const { unacknowledged, stale } = nagReport(NAG_STAGES);
    assert.deepEqual(unacknowledged.map((f) => `${f.id} ${f.path}: ${f.description}`), []);
    assert.deepEqual(stale, []);
  });

  let s: Synthesized;
  before(() => {
    s = synthesize({ bundle: false });
  });
  after(() => s.cleanup());

  test('each acknowledgment gives its reason, and names the constructs it covers', () => {
    for (const a of acknowledgments(s.stack)) {
      assert.ok(a.reason.length > 40, a.id);
      assert.ok(a.on.length > 0, a.id);
    }
  });

  test('a resource added without a look at the rules is a finding, which fails the check', () => {
    acknowledge(s.stack);
    assert.deepEqual(findings(s.stack), []);
    new Bucket(s.stack, 'Stray');
    const found = findings(s.stack).filter((f) => f.path.includes('/Stray/'));
    assert.ok(found.some((f) => f.id === 'AwsSolutions-S10'), 'a bucket that allows plain HTTP');
    assert.ok(found.some((f) => f.id === 'AwsSolutions-S1'), "acknowledgments cover the constructs they name, not a bucket added beside them");
  });
});

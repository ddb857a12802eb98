import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ROUTES, methodOf } from '../../lambdas/routes';
import { STAGE_THROTTLE } from '../../infra/api';
import { FIREWALL_MESSAGE, IP_RATE_LIMIT } from '../../infra/firewall';
import { GATEWAY_ANSWERS, responseTemplate } from '../../infra/gateway-responses';
import { OPEN_ROUTE_THROTTLE } from '../../shared/deployment';
import { logicalId, synthesize, type Synthesized } from '../support/cdk';

// CloudFormation's own validation of the template runs in stack.test.ts; not twice.
process.env.CDK_VALIDATION = 'false';

let s: Synthesized;
before(() => {
  s = synthesize({ bundle: false });
});
after(() => s.cleanup());

interface MethodSetting {
  ResourcePath: string;
  HttpMethod: string;
  LoggingLevel?: string;
  MetricsEnabled?: boolean;
  ThrottlingRateLimit?: number;
  ThrottlingBurstLimit?: number;
}

const stage = () => Object.values(s.resources('AWS::ApiGateway::Stage'))[0]!;
const settings = () => stage().Properties.MethodSettings as MethodSetting[];
/** API Gateway's resource path of a method setting: `/` as `~1`. */
const settingPath = (path: string) => `/${path.replace(/\//g, '~1')}`;

describe('floods', () => {
  test("a WAF web ACL on the stage: AWS's IP reputation list, then a rate limit per source IP, and no rule on body size", () => {
    const [acl] = Object.values(s.resources('AWS::WAFv2::WebACL'));
    assert.equal(acl?.Properties.Scope, 'REGIONAL');
    assert.deepEqual(acl!.Properties.DefaultAction, { Allow: {} });
    const rules = acl!.Properties.Rules as { Name: string; Priority: number; Statement: Record<string, any>; Action?: unknown; OverrideAction?: unknown }[];
    assert.deepEqual(rules.map((r) => Object.keys(r.Statement)), [['ManagedRuleGroupStatement'], ['RateBasedStatement']]);
    assert.deepEqual(rules[0]!.Statement.ManagedRuleGroupStatement, { VendorName: 'AWS', Name: 'AWSManagedRulesAmazonIpReputationList' });
    assert.deepEqual(rules[0]!.OverrideAction, { None: {} }, "the managed group's own actions (block) stand");
    assert.deepEqual(rules[1]!.Statement.RateBasedStatement, {
      AggregateKeyType: 'IP',
      Limit: IP_RATE_LIMIT.requests,
      EvaluationWindowSec: IP_RATE_LIMIT.windowSeconds,
    });
    assert.deepEqual(rules[1]!.Action, { Block: {} });
    assert.ok(!JSON.stringify(rules).includes('SizeConstraint'), 'no size rule: write payloads run to megabytes');

    const [association] = Object.values(s.resources('AWS::WAFv2::WebACLAssociation'));
    assert.deepEqual(association!.Properties.WebACLArn, { 'Fn::GetAtt': [s.stack.getLogicalId(s.stack.firewall.webAcl), 'Arn'] });
    const stageArn = JSON.stringify(association!.Properties.ResourceArn);
    assert.ok(stageArn.includes(JSON.stringify(s.ref(s.stack.api.api))) && stageArn.includes(JSON.stringify(s.ref(s.stack.api.api.deploymentStage))), stageArn);
    assert.match(stageArn, /:apigateway:.*\/restapis\/.*\/stages\//);
  });

  test('a caller the firewall refuses reads 429 THROTTLED in the JSON-RPC error shape, not WAF\'s 403', () => {
    const answer = GATEWAY_ANSWERS.find((a) => a.type === 'WAF_FILTERED')!;
    assert.equal(answer.status, 429);
    const [response] = Object.values(s.resources('AWS::ApiGateway::GatewayResponse')).filter((r) => r.Properties.ResponseType === 'WAF_FILTERED');
    assert.equal(response?.Properties.StatusCode, '429');
    const requestId = randomUUID();
    const body = JSON.parse(responseTemplate(answer).replace('$context.requestId', requestId)) as { error: { message: string; data: { code: string } } };
    assert.equal(body.error.data.code, 'THROTTLED');
    assert.equal(body.error.message, FIREWALL_MESSAGE);
  });

  test('every method of the stage has a throttle: the stage default, and the routes without the authorizer their own, tighter one', () => {
    const all = settings().find((m) => m.ResourcePath === '/*' && m.HttpMethod === '*');
    assert.equal(all?.ThrottlingRateLimit, STAGE_THROTTLE.rateLimit);
    assert.equal(all?.ThrottlingBurstLimit, STAGE_THROTTLE.burstLimit);
    for (const route of ROUTES) {
      const own = settings().find((m) => m.ResourcePath === settingPath(route.path) && m.HttpMethod === methodOf(route));
      const expected = route.authorized ? STAGE_THROTTLE : OPEN_ROUTE_THROTTLE;
      assert.deepEqual([own?.ThrottlingRateLimit, own?.ThrottlingBurstLimit], [expected.rateLimit, expected.burstLimit], route.path);
    }
    assert.ok(settings().every((m) => m.ThrottlingRateLimit !== undefined && m.ThrottlingBurstLimit !== undefined));
  });
});

describe('the stage', () => {
  test('logs API Gateway errors (execution log at ERROR, every method) to a log group it creates first, kept for a month', () => {
    assert.ok(settings().length > 1);
    for (const m of settings()) assert.equal(m.LoggingLevel, 'ERROR', `${m.ResourcePath} ${m.HttpMethod}`);
    const id = logicalId(s.stack, s.stack.api.executionLog);
    const group = s.resources('AWS::Logs::LogGroup')[id]!;
    assert.equal(group.Properties.RetentionInDays, 30);
    assert.deepEqual(group.Properties.LogGroupName, {
      'Fn::Join': ['', ['API-Gateway-Execution-Logs_', s.ref(s.stack.api.api), '/test']],
    });
    assert.ok(((stage() as { DependsOn?: string[] }).DependsOn ?? []).includes(id), 'the stage waits for the group, so API Gateway never creates it');
  });

  test('is traced in X-Ray, and keeps metrics of each route (count, errors, latency of its method)', () => {
    assert.equal(stage().Properties.TracingEnabled, true);
    for (const route of ROUTES) {
      const own = settings().find((m) => m.ResourcePath === settingPath(route.path) && m.HttpMethod === methodOf(route));
      assert.equal(own?.MetricsEnabled, true, route.path);
    }
  });
});

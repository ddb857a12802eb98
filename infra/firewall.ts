import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/**
 * Requests one source IP may send in a window before the firewall refuses it for a while: 30,000
 * in 5 minutes, 100 a second on average. That is twice what one API key may send at its usage
 * plan's steady rate (50 a second), so a client that keeps to its key's limits never meets it,
 * even with two keys behind one address; it stops floods, credentials or not, before they invoke
 * the authorizer (which runs on every request, since it has no identity source to refuse early).
 */
export const IP_RATE_LIMIT = { requests: 30_000, windowSeconds: 300 } as const;

/** What a caller the firewall refused reads (429 THROTTLED), for either rule. */
export const FIREWALL_MESSAGE = 'Too many requests from this address, or an address with a bad reputation; retry later';

/**
 * A WAFv2 web ACL on the stage: the AWS managed IP reputation list (addresses seen in attacks and
 * reconnaissance), then a rate-based rule per source IP. Nothing else is allowed or refused
 * here: write payloads run to megabytes, so no rule on body size (API Gateway's 10 MB and Lambda's
 * 6 MB limits stand), and request checks stay in the functions, which answer them in the JSON-RPC
 * error shape. A request the firewall refuses gets the gateway response `WAF_FILTERED`
 * (infra/gateway-responses.ts): 429 `THROTTLED` in that same shape.
 *
 * Each rule's count of refused requests is a CloudWatch metric (`AWS/WAFV2`, rule name), with
 * sampled requests in the WAF console.
 */
export class Firewall extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: { name: string; stage: Stage }) {
    super(scope, id);
    const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: props.name,
      description: 'Refuses addresses on the AWS IP reputation list, and floods from one address',
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(props.name),
      rules: [
        {
          name: 'ip-reputation',
          priority: 0,
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesAmazonIpReputationList' } },
          overrideAction: { none: {} },
          visibilityConfig: visibility(`${props.name}-ip-reputation`),
        },
        {
          name: 'rate-per-ip',
          priority: 1,
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: IP_RATE_LIMIT.requests,
              evaluationWindowSec: IP_RATE_LIMIT.windowSeconds,
            },
          },
          action: { block: {} },
          visibilityConfig: visibility(`${props.name}-rate-per-ip`),
        },
      ],
    });
    new CfnWebACLAssociation(this, 'Association', { resourceArn: props.stage.stageArn, webAclArn: this.webAcl.attrArn });
  }
}

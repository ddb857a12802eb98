import { Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import { ParameterTier, StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { DEFINITIONS, PARAM_NAMES, defaultText } from '../shared/params/definitions';

/**
 * The operator parameters (shared/params/definitions.ts) under the stage's prefix, created with
 * their defaults so that `params list` and the SSM console show every one of them.
 *
 * CloudFormation writes a parameter only when its value in the template changes: a redeploy keeps
 * what an operator set with `put-parameter`, unless the default in code itself changed.
 */
export class Params extends Construct {
  /**
   * IAM resources of the prefix for GetParametersByPath, which is authorized against the path of
   * the request rather than the parameters it returns: the path without its trailing slash, and
   * with it and below (the functions ask for the prefix, `/webhook/<stage>/`).
   */
  readonly arns: string[];

  constructor(scope: Construct, id: string, props: { prefix: string }) {
    super(scope, id);
    for (const name of PARAM_NAMES) {
      new StringParameter(this, name, {
        parameterName: `${props.prefix}${name}`,
        stringValue: defaultText(name),
        description: DEFINITIONS[name].doc,
        tier: ParameterTier.STANDARD,
      });
    }
    const path = props.prefix.replace(/^\/+|\/+$/g, '');
    const arn = (resourceName: string) =>
      Arn.format({ service: 'ssm', resource: 'parameter', resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }, Stack.of(this));
    this.arns = [arn(path), arn(`${path}/*`)];
  }
}

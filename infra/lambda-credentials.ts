/**
 * What the function bundles use in place of `@aws-sdk/credential-provider-node` (an esbuild alias
 * in infra/functions.ts). Lambda always hands a function its role's credentials in the
 * environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), which is the
 * first place the SDK's default chain looks, so in Lambda the chain always stops there. The rest
 * of the chain (SSO, profiles, web identity, container and instance metadata, with the nested
 * STS, SSO and sign-in clients they need) is about 110 KB of every bundle that never runs.
 * Everything outside Lambda (the local stack, the CLI, the tests) keeps the whole chain.
 */
export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env';

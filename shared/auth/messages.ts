/**
 * The refusals callers read (docs/authentication.md), in a module free of SDK clients: the CDK stack renders them
 * into API Gateway's responses at synthesis.
 */
export const NOT_AUTHENTICATED = 'User not authenticated, use the "Authorization" header';
export const INVALID_KEY = 'Invalid apikey';
export const SESSION_EXPIRED = 'Session expired';

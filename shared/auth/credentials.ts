/** The credentials a request carries, by header; names are case-insensitive. */
export interface Credentials {
  apiKey: string | null;
  /** True when the Authorization header is present but is not a Bearer token. */
  malformed: boolean;
}

export function readCredentials(headers: Record<string, string | undefined> | null | undefined): Credentials {
  const get = (name: string): string | undefined => {
    for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() === name) return v;
    return undefined;
  };
  const authorization = get('authorization')?.trim();
  if (authorization) {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization);
    return m ? { apiKey: m[1]!, malformed: false } : { apiKey: null, malformed: true };
  }
  const apiKey = get('x-api-key')?.trim();
  return { apiKey: apiKey || null, malformed: false };
}

/**
 * The console's JSON API, on the origin the page came from. The session is an HttpOnly cookie the
 * page never sees; calls that change something carry the session's CSRF token, which the page keeps
 * in memory only.
 */
let csrf = null;

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** `path` is relative to the console (`api/logs`), so that it holds under a stage prefix. */
export async function call(method, path, body) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, answer.error?.code ?? 'ERROR', answer.error?.message ?? res.statusText);
  return answer;
}

export const get = (path) => call('GET', path);
export const post = (path, body = {}) => call('POST', path, body);

/** Who is logged in (and the CSRF token), or null. */
export async function currentSession() {
  const session = await get('api/session');
  csrf = session.csrf ?? null;
  return session.login ? session : null;
}

export async function login(loginName, password) {
  const session = await post('api/login', { login: loginName, password });
  csrf = session.csrf;
  return session;
}

export async function logout() {
  await post('api/logout');
  csrf = null;
}

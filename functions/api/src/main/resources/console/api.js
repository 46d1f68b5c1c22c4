// The console's only way to reach the product: fetch calls carrying the dev-mode identity headers.
// The identity lives in sessionStorage, so it is per tab and gone when the tab closes.

const SESSION_KEY = 'ait.console.session';

/** Same rules as the server's TenantId, so a typo is caught in the form rather than as a 401. */
export const TENANT_PATTERN = '[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}';

export function currentSession() {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY));
    return s && s.user && s.tenant ? s : null;
  } catch {
    return null;
  }
}

export function signIn(user, email, tenant) {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify({ user, email, tenant }));
}

export function signOut() {
  sessionStorage.removeItem(SESSION_KEY);
}

/** A non-2xx answer; {@code problem} is the RFC 9457 body when the server sent one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The server answered ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }
}

export async function api(method, path, body) {
  const session = currentSession();
  const headers = { Accept: 'application/json, application/problem+json' };
  if (session) {
    headers['X-Dev-User'] = session.user;
    headers['X-Dev-Email'] = session.email ?? '';
    headers['X-Tenant-Id'] = session.tenant;
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // A proxy's HTML error page, for instance: keep the status, drop the body.
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

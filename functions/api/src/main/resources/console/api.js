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

function identityHeaders() {
  const session = currentSession();
  return session
    ? { 'X-Dev-User': session.user, 'X-Dev-Email': session.email ?? '', 'X-Tenant-Id': session.tenant }
    : {};
}

async function send(method, path, body, accept = 'application/json, application/problem+json') {
  const headers = { Accept: accept, ...identityHeaders() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
}

export async function api(method, path, body) {
  return (await exchange(method, path, body)).data;
}

/**
 * One page of a list endpoint: its items and the URL of the next page, taken from the RFC 8288
 * `Link: <...>; rel="next"` header (null on the last page).
 */
export async function apiPage(path) {
  const { data, response } = await exchange('GET', path);
  const link = response.headers.get('Link') ?? '';
  const next = link.split(',').map((part) => part.match(/<([^>]+)>\s*;\s*rel="?next"?/)).find(Boolean);
  return { items: data ?? [], next: next ? next[1] : null };
}

/** Fetches an export with the caller's identity and hands it to the browser as a file download. */
export async function download(path, filename) {
  const response = await send('GET', path, undefined, '*/*');
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not JSON */ }
    throw new ApiError(response.status, problem);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function exchange(method, path, body) {
  const response = await send(method, path, body);
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // A proxy's HTML error page, for instance: keep the status, drop the body.
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return { data, response };
}

/** Every item of a paged list, following rel="next" links (up to {@code max} items). */
export async function apiAll(path, max = 5000) {
  const items = [];
  let next = path;
  while (next && items.length < max) {
    const page = await apiPage(next);
    items.push(...page.items);
    next = page.next;
  }
  return items;
}

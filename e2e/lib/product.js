// Talks to the product's API directly (as a script would), to set up data and check the truth
// behind what the page shows.

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080';

export function identity(tenant, user = `${tenant}-user`) {
  return { user, email: `${user}@example.com`, tenant };
}

export async function call(who, method, path, body) {
  const response = await fetch(BASE_URL + path, {
    method,
    headers: {
      'X-Dev-User': who.user,
      'X-Dev-Email': who.email,
      'X-Tenant-Id': who.tenant,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: reported through text below
  }
  return { status: response.status, json, text };
}

export async function expectStatus(who, method, path, body, expected) {
  const r = await call(who, method, path, body);
  if (r.status !== expected) {
    throw new Error(`${method} ${path} answered ${r.status}, expected ${expected}: ${r.text.slice(0, 500)}`);
  }
  return r.json;
}

/** The brief's smoke flow up to the plan: an engagement and a two-test plan. */
export async function createPlan(who, name) {
  const engagement = await expectStatus(who, 'POST', '/v1/engagements', {
    name, tenant_id: who.tenant, type: 'network',
    scope: { in_scope_domains: ['example.com'], in_scope_cidrs: ['10.0.0.0/24'], out_of_scope: [],
      risk_tier: 'safe_active', windows: [] },
  }, 201);
  const plan = await expectStatus(who, 'POST', `/v1/engagements/${engagement.id}/plan`, {
    selected_tests: [{ id: 'network.discovery.ping_sweep' }, { id: 'network.nmap.tcp_top_1000' }],
    agents: { strategy: 'recommended' }, risk_tier: 'safe_active',
  }, 201);
  return { engagement, plan };
}

export function startRun(who, { engagement, plan }) {
  return expectStatus(who, 'POST', '/v1/tests', { engagement_id: engagement.id, plan_id: plan.id }, 201);
}

/**
 * The run's whole history as the server has it: the SSE stream read to its end (it ends after the
 * terminal event, right after replay for a finished run).
 */
export async function historySeqs(who, runId, { baseUrl = BASE_URL, timeoutMs = 15000 } = {}) {
  const response = await fetch(`${baseUrl}/v2/runs/${runId}/events`, {
    headers: { 'X-Dev-User': who.user, 'X-Dev-Email': who.email, 'X-Tenant-Id': who.tenant, Accept: 'text/event-stream' },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (response.status !== 200) throw new Error(`GET events answered ${response.status}`);
  const text = await response.text();
  return [...text.matchAll(/^id: ?(\d+)$/gm)].map((m) => Number(m[1]));
}

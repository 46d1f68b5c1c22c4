// The console: a few views chosen by the URL hash, so the server serves one page and the browser's
// back button, bookmarks and reloads work without server-side routes.

import { api, ApiError, apiAll, apiPage, currentSession, signIn, signOut, TENANT_PATTERN } from './api.js';
import { announce, formatDuration, formatTime, h, notFound, statusBadge, table } from './dom.js';
import { engagementFormView } from './engagement-form.js';
import { countBySeverity, findingsPanel, severitySummary } from './findings.js';
import { planBuilderView } from './plan-builder.js';
import { runView } from './run-view.js';

const main = document.getElementById('main');
let leaveView = () => {};

const routes = [
  [/^#\/sign-in$/, () => signInView()],
  [/^#\/engagements\/new$/, () => engagementFormView(main)],
  [/^#\/engagements\/([^/]+)$/, (id) => engagementView(id)],
  [/^#\/engagements\/([^/]+)\/plan$/, (id) => planBuilderView(main, decodeURIComponent(id))],
  [/^#\/engagements\/([^/]+)\/findings$/, (id) => engagementFindingsView(id)],
  [/^#\/runs\/([^/]+)$/, (id) => runView(main, decodeURIComponent(id), showError)],
  [/^(#\/?)?$/, () => engagementsView()],
];

async function route() {
  leaveView();
  leaveView = () => {};
  const hash = location.hash;
  showWho();
  if (!currentSession() && hash !== '#/sign-in') {
    sessionStorage.setItem('ait.console.return', hash);
    location.replace('#/sign-in');
    return;
  }
  const match = routes.map(([re, view]) => [hash.match(re), view]).find(([m]) => m);
  main.replaceChildren();
  try {
    if (!match) {
      notFound(main, 'page', hash);
    } else {
      leaveView = (await match[1](...match[0].slice(1))) ?? (() => {});
    }
  } catch (e) {
    showError(e);
  }
  // Move focus to the new content so keyboard and screen-reader users start at the top of the view.
  main.focus({ preventScroll: false });
}

function showWho() {
  const session = currentSession();
  document.getElementById('who').hidden = !session;
  if (session) {
    document.getElementById('who-text').textContent =
      `${session.user}${session.email ? ` <${session.email}>` : ''} · tenant ${session.tenant}`;
  }
}

document.getElementById('sign-out').addEventListener('click', () => {
  signOut();
  announce('Signed out');
  location.hash = '#/sign-in';
});

function showError(e) {
  if (e instanceof ApiError && e.status === 401) {
    signOut();
    location.hash = '#/sign-in';
    announce('Your sign-in was refused; please sign in again.');
    return;
  }
  main.replaceChildren(
    h('h1', {}, 'Something went wrong'),
    h('p', { class: 'notice', role: 'alert' }, e.message));
}

function signInView() {
  document.title = 'Sign in · ai-testing console';
  const field = (id, label, attrs) => h('p', { class: 'field' },
    h('label', { for: id }, label), h('input', { id, name: id, required: true, ...attrs }));
  const form = h('form', { class: 'sign-in', novalidate: false },
    h('h1', {}, 'Sign in (dev mode)'),
    h('p', {}, 'In dev mode the API trusts who you say you are. The values stay in this browser tab.'),
    field('user', 'User', { autocomplete: 'username', pattern: '[^\\s].{0,127}' }),
    field('email', 'Email', { type: 'email', autocomplete: 'email' }),
    field('tenant', 'Tenant id', { pattern: TENANT_PATTERN, 'aria-describedby': 'tenant-hint' }),
    h('p', { id: 'tenant-hint', class: 'hint' }, 'Letters, digits, "_", "." or "-", e.g. t_demo.'),
    h('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = (name) => form.elements[name].value.trim();
    signIn(value('user'), value('email'), value('tenant'));
    announce(`Signed in as ${value('user')}, tenant ${value('tenant')}`);
    const back = sessionStorage.getItem('ait.console.return');
    sessionStorage.removeItem('ait.console.return');
    location.hash = back && back !== '#/sign-in' ? back : '#/';
  });
  main.append(form);
}

async function engagementsView() {
  document.title = 'Engagements · ai-testing console';
  main.append(h('h1', {}, 'Engagements'),
    h('p', {}, h('a', { href: '#/engagements/new', class: 'button-link' }, 'New engagement')));
  const section = h('div');
  main.append(section);
  await pagedTable(section, '/v1/engagements', (engagements) => table('Engagements of this tenant',
    ['Name', 'Type', 'Risk tier', 'Authorization', 'Created'],
    engagements.map((e) => [
      h('a', { href: `#/engagements/${encodeURIComponent(e.id)}` }, e.name),
      e.type, e.scope?.risk_tier ?? '', e.authorization?.reference ?? 'none', formatTime(e.created_at)])),
  'No engagements yet for this tenant.');
}

/** A paged list: the first page, then a button that appends the next one (the API's Link rel="next"). */
async function pagedTable(container, path, render, emptyText) {
  const page = await apiPage(path);
  if (page.items.length === 0) {
    container.append(h('p', {}, emptyText));
    return;
  }
  container.append(render(page.items));
  if (page.next) {
    const more = h('button', { type: 'button' }, 'Show more');
    more.addEventListener('click', async () => {
      more.remove();
      await pagedTable(container, page.next, render, emptyText);
    });
    container.append(more);
  }
}

async function loadEngagement(id) {
  try {
    return await api('GET', `/v1/engagements/${id}`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      notFound(main, 'engagement', decodeURIComponent(id));
      return null;
    }
    throw e;
  }
}

function breadcrumb(...parts) {
  return h('nav', { 'aria-label': 'Breadcrumb', class: 'breadcrumb' },
    h('a', { href: '#/' }, 'Engagements'), parts.map((p, i) => [' / ',
      i === parts.length - 1 ? h('span', { 'aria-current': 'page' }, p.text) : h('a', { href: p.href }, p.text)]));
}

async function engagementView(id) {
  const engagement = await loadEngagement(id);
  if (!engagement) return;
  document.title = `${engagement.name} · ai-testing console`;
  const href = `#/engagements/${encodeURIComponent(engagement.id)}`;
  const runsSection = h('section', { 'aria-labelledby': 'runs-h' }, h('h2', { id: 'runs-h' }, 'Runs'));
  main.append(
    breadcrumb({ text: engagement.name }),
    h('h1', {}, engagement.name),
    h('p', {}, `${engagement.type} engagement · risk tier ${engagement.scope?.risk_tier ?? '?'}`),
    h('p', { class: 'buttons' },
      h('a', { href: `${href}/plan`, class: 'button-link' }, 'Build a plan'),
      h('a', { href: `${href}/findings`, class: 'button-link' }, 'Findings of this engagement')),
    scopeSection(engagement.scope, engagement.allow_large_scope),
    authorizationSection(engagement),
    runsSection);

  const runs = await apiPage(`/v1/engagements/${id}/tests`);
  runsSection.append(runs.items.length === 0
    ? h('p', {}, 'No runs yet: build a plan to start one.')
    : table('Runs of this engagement, newest first', ['Run', 'Mode', 'Status', 'Started', 'Duration', 'Findings'],
      runs.items.map((r) => [
        h('a', { href: `#/runs/${encodeURIComponent(r.id)}` }, h('code', {}, r.id)),
        r.mode, statusBadge(r.status), formatTime(r.started_at ?? r.created_at), runDuration(r),
        findingCounts(r)])));
  runsSection.append(startRunForm(engagement, runs.items));
}

/** The run's findings by severity, filled in when its findings have been read. */
function findingCounts(run) {
  const cell = h('span', { class: 'finding-counts' }, '…');
  apiAll(`/v1/tests/${encodeURIComponent(run.id)}/findings`)
    .then((findings) => { cell.textContent = severitySummary(countBySeverity(findings)); })
    .catch(() => { cell.textContent = 'unavailable'; });
  return cell;
}

function runDuration(run) {
  if (!run.started_at) return 'not started';
  const end = run.finished_at ? new Date(run.finished_at) : new Date();
  const text = formatDuration((end - new Date(run.started_at)) / 1000);
  return run.finished_at ? text : `${text} so far`;
}

/** The scope as declared: what may be tested, what never, how hard, when and how fast. */
function scopeSection(scope, allowLargeScope) {
  const list = (items) => (items?.length ? h('ul', {}, items.map((i) => h('li', {}, h('code', {}, i)))) : 'none');
  const windows = scope.windows?.length
    ? h('ul', {}, scope.windows.map((w) => h('li', {}, w.kind === 'weekly'
      ? `weekly ${w.days.join(', ')} ${w.start}-${w.end} (${w.time_zone})`
      : `from ${w.start} to ${w.end}`)))
    : 'any time';
  const rows = [
    ['In-scope domains', list(scope.in_scope_domains)],
    ['In-scope CIDRs', list(scope.in_scope_cidrs)],
    ['Out of scope', list(scope.out_of_scope)],
    ['Risk tier', scope.risk_tier],
    ['Testing windows', windows],
  ];
  if (scope.rate_limit !== undefined) rows.push(['Rate limit', `${scope.rate_limit} probes per second`]);
  // an engagement's flag, beside its scope in the response
  rows.push(['Large scope allowed', allowLargeScope ? 'yes' : 'no']);
  return h('section', { 'aria-labelledby': 'scope-h' }, h('h2', { id: 'scope-h' }, 'Scope as declared'),
    h('dl', { class: 'facts' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])));
}

function authorizationSection(engagement) {
  const auth = engagement.authorization;
  const section = h('section', { 'aria-labelledby': 'auth-h' }, h('h2', { id: 'auth-h' }, 'Authorization'));
  section.append(auth
    ? h('p', {}, 'Reference ', h('code', {}, auth.reference),
      auth.recorded_by ? ` recorded by ${auth.recorded_by.user ?? auth.recorded_by}` : '',
      auth.recorded_at ? ` at ${new Date(auth.recorded_at).toLocaleString()}` : '', '.')
    : h('p', { class: 'notice' }, 'No authorization is recorded: real runs of this engagement are refused.'));
  const input = h('input', { id: 'auth-reference', name: 'reference', required: true, maxlength: 200 });
  const message = h('p', { role: 'status', class: 'hint' });
  const form = h('form', { class: 'inline-form' },
    h('div', { class: 'field' }, h('label', { for: 'auth-reference' }, auth ? 'Replace the authorization reference' : 'Authorization reference'),
      input, h('p', { class: 'hint' }, 'The ticket or contract id that authorizes testing this scope.')),
    h('button', { type: 'submit' }, 'Record authorization'), message);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('PUT', `/v1/engagements/${encodeURIComponent(engagement.id)}/authorization`, { reference: input.value.trim() });
      announce('Authorization recorded.');
      route();
    } catch (err) {
      message.textContent = `Could not record it: ${err.problem?.errors?.[0]?.message ?? err.message}`;
    }
  });
  section.append(form);
  return section;
}

async function engagementFindingsView(id) {
  const engagement = await loadEngagement(id);
  if (!engagement) return;
  document.title = `Findings of ${engagement.name} · ai-testing console`;
  const panel = findingsPanel({
    label: 'Findings, latest per fingerprint',
    path: `/v1/engagements/${encodeURIComponent(engagement.id)}/findings`,
    perEngagement: true,
  });
  main.append(breadcrumb({ text: engagement.name, href: `#/engagements/${encodeURIComponent(engagement.id)}` },
    { text: 'Findings' }), h('h1', {}, `Findings of ${engagement.name}`), panel.element);
  await panel.refresh();
}

/** Starting a run needs a plan; the plans of past runs are offered, or a plan id can be pasted. */
function startRunForm(engagement, runs) {
  const planIds = [...new Set(runs.map((r) => r.plan_id).filter(Boolean))];
  const message = h('p', { role: 'status', class: 'hint' });
  const form = h('form', { class: 'start-run' },
    h('h3', {}, 'Start a run of an existing plan'),
    h('p', { class: 'field' },
      h('label', { for: 'plan-id' }, 'Plan id'),
      h('input', { id: 'plan-id', name: 'plan', required: true, list: 'known-plans', value: planIds[0] ?? '' }),
      h('datalist', { id: 'known-plans' }, planIds.map((p) => h('option', { value: p })))),
    h('button', { type: 'submit' }, 'Start run'),
    message);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const run = await api('POST', '/v1/tests', { engagement_id: engagement.id, plan_id: form.elements.plan.value.trim() });
      location.hash = `#/runs/${encodeURIComponent(run.id)}`;
    } catch (err) {
      message.textContent = `Could not start the run: ${err.message}`;
    }
  });
  return form;
}

window.addEventListener('hashchange', route);
route();

// The console: a few views chosen by the URL hash, so the server serves one page and the browser's
// back button, bookmarks and reloads work without server-side routes.

import { api, ApiError, currentSession, signIn, signOut, TENANT_PATTERN } from './api.js';
import { announce, formatTime, h, notFound, statusBadge, table } from './dom.js';
import { runView } from './run-view.js';

const main = document.getElementById('main');
let leaveView = () => {};

const routes = [
  [/^#\/sign-in$/, () => signInView()],
  [/^#\/engagements\/([^/]+)$/, (id) => engagementView(id)],
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
  main.append(h('h1', {}, 'Engagements'));
  const engagements = await api('GET', '/v1/engagements');
  if (engagements.length === 0) {
    main.append(h('p', {}, 'No engagements yet for this tenant. Create one with POST /v1/engagements (see ',
      h('a', { href: '/docs' }, 'API docs'), ').'));
    return;
  }
  main.append(table('Engagements of this tenant', ['Name', 'Type', 'Risk tier', 'Created'],
    engagements.map((e) => [
      h('a', { href: `#/engagements/${encodeURIComponent(e.id)}` }, e.name),
      e.type, e.scope?.risk_tier ?? '', formatTime(e.created_at)])));
}

async function engagementView(id) {
  let engagement;
  try {
    engagement = await api('GET', `/v1/engagements/${id}`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return notFound(main, 'engagement', decodeURIComponent(id));
    throw e;
  }
  document.title = `${engagement.name} · ai-testing console`;
  const runsSection = h('section', { 'aria-labelledby': 'runs-h' }, h('h2', { id: 'runs-h' }, 'Runs'));
  main.append(
    h('h1', {}, engagement.name),
    h('p', {}, `${engagement.type} engagement · risk tier ${engagement.scope?.risk_tier ?? '?'}`),
    runsSection);

  const runs = await api('GET', `/v1/engagements/${id}/tests`);
  runsSection.append(runs.length === 0
    ? h('p', {}, 'No runs yet.')
    : table('Runs of this engagement', ['Run', 'Status', 'Created'],
      runs.map((r) => [
        h('a', { href: `#/runs/${encodeURIComponent(r.id)}` }, h('code', {}, r.id)),
        statusBadge(r.status), formatTime(r.created_at)])));
  runsSection.append(startRunForm(engagement, runs));
}

/** Starting a run needs a plan; the plans of past runs are offered, or a plan id can be pasted. */
function startRunForm(engagement, runs) {
  const planIds = [...new Set(runs.map((r) => r.plan_id).filter(Boolean))];
  const message = h('p', { role: 'status', class: 'hint' });
  const form = h('form', { class: 'start-run' },
    h('h3', {}, 'Start a run'),
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

// Building a plan: the catalog grouped by category, each test with its risk tier, target kinds and
// whether it runs for real here; the ones this engagement cannot select are disabled with the server's
// reason. The ordered steps and the estimated duration are previewed before the plan is created.

import { api, ApiError } from './api.js';
import { announce, formatDuration, h, notFound } from './dom.js';

const TIERS = ['passive', 'safe_active', 'active', 'intrusive'];

export async function planBuilderView(main, engagementId) {
  let engagement;
  let options;
  try {
    engagement = await api('GET', `/v1/engagements/${encodeURIComponent(engagementId)}`);
    options = await api('GET', `/v1/engagements/${encodeURIComponent(engagementId)}/plan/options`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return notFound(main, 'engagement', engagementId);
    throw e;
  }
  const realRuns = options.run_mode === 'real';
  document.title = `Plan for ${engagement.name} · ai-testing console`;

  const tier = h('select', { id: 'plan-tier', name: 'risk_tier' },
    TIERS.slice(0, TIERS.indexOf(engagement.scope.risk_tier) + 1).map((t) => h('option', { value: t }, t)));
  tier.value = options.risk_tier;
  const groups = h('div', { class: 'catalog' });
  const preview = h('section', { 'aria-labelledby': 'plan-preview-h', class: 'preview' },
    h('h2', { id: 'plan-preview-h' }, 'Plan preview'));
  const previewBody = h('div', { role: 'status', 'aria-live': 'polite' }, 'Select at least one test.');
  preview.append(previewBody);
  const message = h('p', { class: 'form-message', role: 'alert' });
  const createButton = h('button', { type: 'submit', disabled: true }, 'Create plan and start run');
  const form = h('form', { class: 'plan-builder' },
    h('nav', { 'aria-label': 'Breadcrumb', class: 'breadcrumb' },
      h('a', { href: '#/' }, 'Engagements'), ' / ',
      h('a', { href: `#/engagements/${encodeURIComponent(engagement.id)}` }, engagement.name), ' / ',
      h('span', { 'aria-current': 'page' }, 'Build a plan')),
    h('h1', {}, 'Build a plan'),
    h('p', {}, realRuns
      ? 'Runs here execute for real: only tests marked "runs for real" can be selected.'
      : 'Runs here are simulated: every test reports what a real tool of its kind would, about targets in scope.'),
    h('div', { class: 'field' }, h('label', { for: 'plan-tier' }, 'Plan risk tier'), tier,
      h('p', { class: 'hint' }, `At most the engagement's tier, ${engagement.scope.risk_tier}.`)),
    groups, preview, h('div', { class: 'buttons' }, createButton), message);
  main.append(form);

  let checkboxes = [];
  // The selection order is the run order.
  const selected = [];

  function renderOptions() {
    const byCategory = new Map();
    for (const option of options.tests) {
      const list = byCategory.get(option.test.category) ?? [];
      list.push(option);
      byCategory.set(option.test.category, list);
    }
    checkboxes = [];
    groups.replaceChildren(...[...byCategory].map(([category, list]) => h('fieldset', { class: 'category' },
      h('legend', {}, category),
      list.map((option) => testChoice(option)))));
  }

  function testChoice({ test, selectable, reasons }) {
    const id = `test-${test.id.replace(/[^a-z0-9]+/gi, '-')}`;
    const refusals = reasons;
    const box = h('input', { type: 'checkbox', id, value: test.id, disabled: !selectable,
      checked: selected.includes(test.id), 'aria-describedby': `${id}-about` });
    checkboxes.push(box);
    box.addEventListener('change', () => {
      const at = selected.indexOf(test.id);
      if (box.checked && at < 0) selected.push(test.id);
      if (!box.checked && at >= 0) selected.splice(at, 1);
      refreshPreview();
    });
    const mode = test.executable === false ? 'simulated only' : (realRuns ? 'runs for real' : 'runs for real when real runs are on');
    return h('div', { class: `test-choice${box.disabled ? ' disabled' : ''}` },
      box,
      h('label', { for: id }, test.title),
      h('p', { class: 'hint', id: `${id}-about` },
        h('code', {}, test.id), ` · risk tier ${test.risk_tier} · targets: ${test.target_kinds.join(', ')} · ${mode}`
          + ` · about ${formatDuration(test.nominal_seconds)}`,
        refusals.length ? h('span', { class: 'refusal' }, h('br'), 'Not available: ', refusals.join('; ')) : null));
  }

  // Previews overlap when tests are ticked quickly; only the answer to the latest selection is shown.
  let previewNumber = 0;
  async function refreshPreview() {
    const number = ++previewNumber;
    createButton.disabled = selected.length === 0;
    if (selected.length === 0) {
      previewBody.replaceChildren('Select at least one test.');
      return;
    }
    try {
      const plan = await api('POST', `/v1/engagements/${encodeURIComponent(engagement.id)}/plan/preview`, body());
      if (number !== previewNumber) return;
      previewBody.replaceChildren(
        h('p', {}, `${plan.steps.length} steps, estimated ${formatDuration(plan.estimated_duration_seconds)}.`),
        h('ol', { class: 'plan-steps' }, plan.steps.map((s) => h('li', {},
          h('span', {}, s.title), ' ', h('span', { class: 'hint' }, `(${s.test_id}, ${s.agent}, ${formatDuration(s.nominal_seconds)})`)))));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (number !== previewNumber) return;
      previewBody.replaceChildren(h('p', { class: 'notice' }, e.message),
        h('ul', {}, (e.problem.errors ?? []).map((x) => h('li', {}, x.message))));
    }
  }

  function body() {
    return { selected_tests: selected.map((id) => ({ id })), agents: { strategy: 'recommended' }, risk_tier: tier.value };
  }

  tier.addEventListener('change', async () => {
    options = await api('GET', `/v1/engagements/${encodeURIComponent(engagement.id)}/plan/options?risk_tier=${tier.value}`);
    // a test the new tier refuses leaves the selection
    const allowed = new Set(options.tests.filter((o) => o.selectable).map((o) => o.test.id));
    selected.splice(0, selected.length, ...selected.filter((id) => allowed.has(id)));
    renderOptions();
    refreshPreview();
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    message.textContent = '';
    createButton.disabled = true;
    try {
      const plan = await api('POST', `/v1/engagements/${encodeURIComponent(engagement.id)}/plan`, body());
      const run = await api('POST', '/v1/tests', { engagement_id: engagement.id, plan_id: plan.id });
      announce('Plan created and run started.');
      location.hash = `#/runs/${encodeURIComponent(run.id)}`;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const details = (err.problem.errors ?? []).map((x) => x.message).join('; ');
      message.textContent = `Could not start: ${err.message}${details ? ` (${details})` : ''}`;
      createButton.disabled = selected.length === 0;
    }
  });

  renderOptions();
}

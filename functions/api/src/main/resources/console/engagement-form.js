// Declaring an engagement: its scope, risk tier, testing windows and authorization, with a preview of
// what the scope expands to before anything is stored. Every rule is the server's: the form sends what
// was typed and shows the problem's errors[] next to the fields they name.

import { api, ApiError, currentSession } from './api.js';
import { announce, h, table } from './dom.js';
import { clearErrors, field, lines, showErrors } from './forms.js';

const TYPES = [['network', 'Network'], ['web', 'Web'], ['cloud', 'Cloud'], ['mixed', 'Mixed']];
const TIERS = [['passive', 'passive'], ['safe_active', 'safe_active'], ['active', 'active'], ['intrusive', 'intrusive']];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export function engagementFormView(main) {
  document.title = 'New engagement · ai-testing console';
  const fields = {
    name: field({ label: 'Name', path: 'name', attrs: { required: true, maxlength: 200 } }),
    type: field({ label: 'Type', path: 'type', control: 'select', options: TYPES }),
    domains: field({ label: 'In-scope domains', path: 'scope.in_scope_domains', control: 'textarea',
      hint: 'One per line, e.g. example.com or *.example.com (subdomains only).', attrs: { rows: 3 } }),
    cidrs: field({ label: 'In-scope CIDRs', path: 'scope.in_scope_cidrs', control: 'textarea',
      hint: 'One per line, IPv4 or IPv6, e.g. 10.0.0.0/24; a bare address is one host.', attrs: { rows: 3 } }),
    excluded: field({ label: 'Out of scope', path: 'scope.out_of_scope', control: 'textarea',
      hint: 'CIDRs or host names never to test, one per line; they win over every in-scope entry.', attrs: { rows: 2 } }),
    tier: field({ label: 'Risk tier', path: 'scope.risk_tier', control: 'select', options: TIERS,
      hint: 'How invasive tests may be; plans cannot go above it.' }),
    rateLimit: field({ label: 'Rate limit (probes per second)', path: 'scope.rate_limit',
      hint: 'Optional; empty keeps the platform default.', attrs: { type: 'number', min: 1, step: 1, inputmode: 'numeric' } }),
    largeScope: field({ label: 'Allow a large scope', path: 'allow_large_scope',
      hint: 'Needed for ranges wider than /16 (IPv4) or /48 (IPv6), or more than 1,000 entries.',
      attrs: { type: 'checkbox' } }),
    authorization: field({ label: 'Authorization reference', path: 'authorization.reference',
      hint: 'The ticket or contract that authorizes testing; real runs need one.', attrs: { maxlength: 200 } }),
  };
  fields.tier.input.value = 'safe_active';
  const windows = windowsEditor();
  const all = () => [...Object.values(fields), ...windows.fields()];
  const message = h('p', { class: 'form-message', role: 'alert' });
  const previewBox = h('section', { 'aria-labelledby': 'preview-h', class: 'preview', hidden: true },
    h('h2', { id: 'preview-h' }, 'Scope preview'));
  const previewButton = h('button', { type: 'button' }, 'Preview scope');
  const form = h('form', { class: 'engagement-form', novalidate: true },
    h('nav', { 'aria-label': 'Breadcrumb', class: 'breadcrumb' },
      h('a', { href: '#/' }, 'Engagements'), ' / ', h('span', { 'aria-current': 'page' }, 'New engagement')),
    h('h1', {}, 'New engagement'),
    fields.name.wrapper, fields.type.wrapper,
    h('fieldset', {}, h('legend', {}, 'Scope'),
      fields.domains.wrapper, fields.cidrs.wrapper, fields.excluded.wrapper, fields.tier.wrapper,
      fields.rateLimit.wrapper, fields.largeScope.wrapper),
    windows.element,
    h('fieldset', {}, h('legend', {}, 'Authorization'), fields.authorization.wrapper),
    h('div', { class: 'buttons' }, previewButton, h('button', { type: 'submit' }, 'Create engagement')),
    message);
  main.append(form, previewBox);

  function scopeBody() {
    const scope = {
      in_scope_domains: lines(fields.domains.input),
      in_scope_cidrs: lines(fields.cidrs.input),
      out_of_scope: lines(fields.excluded.input),
      risk_tier: fields.tier.input.value,
      windows: windows.values(),
    };
    const rate = fields.rateLimit.input.value.trim();
    if (rate !== '') scope.rate_limit = Number(rate);
    return scope;
  }

  async function submitted(action) {
    clearErrors(all());
    message.textContent = '';
    try {
      await action();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const rest = showErrors(all(), e.problem.errors);
      message.textContent = rest.length || !e.problem.errors?.length
        ? `${e.message}${rest.length ? `: ${rest.map((r) => `${r.field} ${r.message}`).join('; ')}` : ''}`
        : 'Please correct the fields marked above.';
    }
  }

  previewButton.addEventListener('click', () => submitted(async () => {
    // The preview validates the scope alone, so its field paths are relative to the scope object.
    // allow_large_scope belongs to the engagement, not its scope: the preview takes it as a query parameter
    const large = fields.largeScope.input.checked ? '?allow_large_scope=true' : '';
    const preview = await api('POST', `/v1/scope/preview${large}`, scopeBody()).catch((e) => {
      if (e instanceof ApiError) e.problem.errors = e.problem.errors?.map((x) => ({ ...x, field: `scope.${x.field}` }));
      throw e;
    });
    showPreview(previewBox, preview);
    announce(`Scope preview: ${preview.testable_addresses} addresses to test.`);
  }));

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submitted(async () => {
      const body = {
        name: fields.name.input.value.trim(),
        tenant_id: currentSession().tenant,
        type: fields.type.input.value,
        scope: scopeBody(),
      };
      const reference = fields.authorization.input.value.trim();
      if (reference) body.authorization = { reference };
      if (fields.largeScope.input.checked) body.allow_large_scope = true;
      const engagement = await api('POST', '/v1/engagements', body);
      announce(`Engagement ${engagement.name} created.`);
      location.hash = `#/engagements/${encodeURIComponent(engagement.id)}`;
    });
  });
}

function showPreview(box, preview) {
  box.hidden = false;
  box.replaceChildren(h('h2', { id: 'preview-h' }, 'Scope preview'),
    h('p', {}, `${preview.testable_addresses} addresses would be tested.`));
  if (preview.in_scope_cidrs.length) {
    box.append(table('Address ranges', ['Range', 'Addresses', 'Excluded', 'Refused by the platform', 'To test'],
      preview.in_scope_cidrs.map((r) => [
        h('code', {}, r.cidr), r.addresses,
        r.excluded_addresses === '0' ? '0' : `${r.excluded_addresses} (by ${r.excluded_by.join(', ')})`,
        r.denials.length ? `${r.denied_addresses} (${[...new Set(r.denials.map((d) => d.rule))].join(', ')})` : 'none',
        r.testable_addresses])));
  }
  if (preview.in_scope_domains.length) {
    box.append(table('Domains', ['Domain', 'Tested'],
      preview.in_scope_domains.map((d) => [h('code', {}, d.pattern),
        d.excluded_by ? `No: excluded by ${d.excluded_by}` : 'Yes'])));
  }
}

/** Testing windows: none means any time; each is absolute (from, to) or weekly (days, times, zone). */
function windowsEditor() {
  const rows = [];
  const list = h('div', { class: 'windows' });
  const add = h('button', { type: 'button' }, 'Add a testing window');
  const element = h('fieldset', {}, h('legend', {}, 'Testing windows'),
    h('p', { class: 'hint' }, 'No window means testing may happen at any time.'), list, add);
  add.addEventListener('click', () => {
    const row = windowRow(rows.length);
    rows.push(row);
    list.append(row.element);
    row.kind.input.focus();
  });
  return {
    element,
    fields: () => rows.filter((r) => !r.removed).flatMap((r) => r.fields),
    // A removed window shifts the later ones down, so their error paths follow their new index.
    values: () => rows.filter((r) => !r.removed).map((r, i) => {
      for (const f of r.fields) f.path = f.path.replace(/windows\[\d+\]/, `windows[${i}]`);
      return r.value();
    }),
  };
}

function windowRow(index) {
  const path = `scope.windows[${index}]`;
  const n = index + 1;
  const kind = field({ label: `Window ${n} kind`, path: `${path}.kind`, control: 'select',
    options: [['weekly', 'Weekly'], ['absolute', 'Absolute']] });
  const start = field({ label: `Window ${n} start`, path: `${path}.start`,
    hint: 'Weekly: HH:MM. Absolute: ISO-8601 with offset, e.g. 2026-12-24T22:00:00+01:00.' });
  const end = field({ label: `Window ${n} end`, path: `${path}.end`, hint: 'An end before the start crosses midnight.' });
  const zone = field({ label: `Window ${n} time zone`, path: `${path}.time_zone`,
    hint: 'An IANA id, e.g. Europe/Berlin (weekly windows).' });
  zone.input.value = Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  const dayBoxes = DAYS.map((d) => h('input', { type: 'checkbox', value: d, id: `w${n}-${d}`, checked: d !== 'sat' && d !== 'sun' }));
  const daysError = h('p', { class: 'field-error', hidden: true, id: `w${n}-days-error` });
  const days = { path: `${path}.days`, input: dayBoxes[0], error: daysError };
  const daysSet = h('fieldset', { class: 'days', 'aria-describedby': daysError.id },
    h('legend', {}, `Window ${n} days`),
    DAYS.map((d, i) => h('label', { for: dayBoxes[i].id }, dayBoxes[i], ` ${d}`)), daysError);
  const row = { removed: false, kind, fields: [kind, start, end, zone, days] };
  const remove = h('button', { type: 'button', 'aria-label': `Remove window ${n}` }, 'Remove');
  row.element = h('div', { class: 'window' }, kind.wrapper, start.wrapper, end.wrapper, zone.wrapper, daysSet, remove);
  const weeklyOnly = [zone.wrapper, daysSet];
  const sync = () => { for (const el of weeklyOnly) el.hidden = kind.input.value !== 'weekly'; };
  kind.input.addEventListener('change', sync);
  sync();
  remove.addEventListener('click', () => { row.removed = true; row.element.remove(); });
  row.value = () => (kind.input.value === 'weekly'
    ? { kind: 'weekly', start: start.input.value.trim(), end: end.input.value.trim(),
      days: dayBoxes.filter((b) => b.checked).map((b) => b.value), time_zone: zone.input.value.trim() }
    : { kind: 'absolute', start: start.input.value.trim(), end: end.input.value.trim() });
  return row;
}

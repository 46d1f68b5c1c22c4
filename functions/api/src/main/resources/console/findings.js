// Findings of a run or of an engagement: a severity summary, filters (minimum severity on the server;
// test and target in the page), each finding's evidence, and the SARIF and DefectDojo downloads.

import { apiAll, download } from './api.js';
import { announce, formatTime, h, SEVERITIES, severityBadge } from './dom.js';

/** "10.0.0.5:443 (example.com)", or the URL when there is one. */
export function targetText(target = {}) {
  if (target.url) return target.url;
  const where = target.address ?? target.host ?? '';
  const port = target.port ? `:${target.port}` : '';
  const name = target.host && target.address && target.host !== target.address ? ` (${target.host})` : '';
  return `${where}${port}${name}`;
}

/** Counts per severity, most serious first: "2 high, 5 info" (or "no findings"). */
export function severitySummary(counts) {
  const parts = [...SEVERITIES].reverse().filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`);
  return parts.length ? parts.join(', ') : 'no findings';
}

export function countBySeverity(findings) {
  const counts = {};
  for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  return counts;
}

/**
 * A findings section. {@code source}: {path, label, exportPath?, exportName?, perEngagement}. Returns the
 * element and refresh(), which reloads from the server (the run page calls it on finding.created).
 */
export function findingsPanel(source) {
  const headingId = `findings-h-${Math.random().toString(36).slice(2, 8)}`;
  const summary = h('p', { class: 'severity-summary', role: 'status' }, 'Loading findings…');
  const severity = h('select', { id: `${headingId}-sev`, name: 'severity' },
    SEVERITIES.map((s) => h('option', { value: s }, s === 'info' ? 'info (all)' : `${s} and above`)));
  const testFilter = h('select', { id: `${headingId}-test`, name: 'test' }, h('option', { value: '' }, 'all tests'));
  const targetFilter = h('input', { id: `${headingId}-target`, name: 'target', type: 'search', placeholder: 'address, host or URL' });
  const body = h('div', { class: 'findings-list' });
  const exportMessage = h('p', { class: 'control-message', role: 'alert' });
  const exportButtons = source.exportPath ? [
    h('button', { type: 'button', onclick: () => save('sarif', 'sarif') }, 'Download SARIF'),
    h('button', { type: 'button', onclick: () => save('defectdojo', 'defectdojo.json') }, 'Download DefectDojo JSON'),
  ] : [];
  const element = h('section', { 'aria-labelledby': headingId, class: 'findings' },
    h('h2', { id: headingId }, source.label),
    summary,
    h('div', { class: 'filters', role: 'group', 'aria-label': 'Filter findings' },
      h('label', { for: severity.id }, 'Minimum severity'), severity,
      h('label', { for: testFilter.id }, 'Test'), testFilter,
      h('label', { for: targetFilter.id }, 'Target'), targetFilter),
    exportButtons.length ? h('div', { class: 'buttons' }, exportButtons) : null,
    exportMessage,
    body);
  let findings = [];
  let all = [];

  async function save(format, extension) {
    exportMessage.textContent = '';
    try {
      await download(`${source.exportPath}?format=${format}`, `${source.exportName}.${extension}`);
      announce(`${format === 'sarif' ? 'SARIF' : 'DefectDojo'} export downloaded.`);
    } catch (e) {
      exportMessage.textContent = `The export failed: ${e.message}`;
    }
  }

  /** Reloads from the server; a failure is said in the section rather than replacing the page. */
  async function refresh() {
    try {
      await load();
    } catch (e) {
      summary.textContent = `The findings could not be loaded: ${e.message}`;
    }
  }

  async function load() {
    const minimum = severity.value;
    // The server filters by severity; the summary counts every severity, so it asks for all once.
    all = await apiAll(source.path);
    findings = minimum === 'info' ? all : await apiAll(`${source.path}?severity=${minimum}`);
    const tests = [...new Set(all.map((f) => f.test_id))].sort();
    const chosen = testFilter.value;
    testFilter.replaceChildren(h('option', { value: '' }, 'all tests'), tests.map((t) => h('option', { value: t }, t)));
    testFilter.value = tests.includes(chosen) ? chosen : '';
    render();
  }

  function render() {
    summary.textContent = `${all.length} finding${all.length === 1 ? '' : 's'}: ${severitySummary(countBySeverity(all))}.`;
    const needle = targetFilter.value.trim().toLowerCase();
    const shown = findings.filter((f) => (!testFilter.value || f.test_id === testFilter.value)
      && (!needle || targetText(f.target).toLowerCase().includes(needle)));
    if (shown.length === 0) {
      body.replaceChildren(h('p', {}, all.length ? 'No finding matches these filters.' : 'No findings yet.'));
      return;
    }
    const headings = ['Severity', 'Finding', 'Target', 'Test', source.perEngagement ? 'Seen' : 'Found', 'Evidence'];
    body.replaceChildren(h('table', {},
      h('caption', { class: 'visually-hidden' }, `${source.label}, most serious first`),
      h('thead', {}, h('tr', {}, headings.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, shown.map((f) => h('tr', { 'data-severity': f.severity, 'data-fingerprint': f.fingerprint },
        h('td', {}, severityBadge(f.severity)),
        h('th', { scope: 'row' }, h('span', { class: 'finding-title' }, f.title),
          f.description ? h('p', { class: 'hint' }, f.description) : null),
        h('td', {}, h('code', {}, targetText(f.target))),
        h('td', {}, h('code', {}, f.test_id)),
        h('td', {}, seen(f, source.perEngagement)),
        h('td', {}, evidence(f)))))));
  }

  severity.addEventListener('change', refresh);
  testFilter.addEventListener('change', render);
  targetFilter.addEventListener('input', render);
  return { element, refresh };
}

function seen(f, perEngagement) {
  if (!perEngagement) return formatTime(f.created_at);
  const first = f.first_seen ?? {};
  const last = f.last_seen ?? {};
  return h('span', {}, `first ${formatTime(first.at)}`, h('br'), `last ${formatTime(last.at)}`,
    last.run_id ? h('br') : null,
    last.run_id ? h('a', { href: `#/runs/${encodeURIComponent(last.run_id)}` }, 'latest run') : null);
}

/** The evidence as observed on the wire, readable and keyboard-reachable behind a disclosure. */
function evidence(f) {
  return h('details', {},
    h('summary', {}, 'Evidence', h('span', { class: 'visually-hidden' }, ` of ${f.title}`)),
    h('pre', { class: 'evidence' }, JSON.stringify(f.evidence ?? {}, null, 2)),
    h('p', { class: 'hint' }, 'Fingerprint ', h('code', {}, f.fingerprint ?? '')));
}

// A real run in the console, start to finish: against the product whose runs execute for real
// (REAL_BASE_URL, started by scripts/e2e.sh with SIMULATE_PROGRESS=false), a person records the
// authorization, builds a plan, starts it, watches steps and findings arrive, filters them by severity,
// opens the evidence and downloads both exports. The only target is an HTTP server this test starts on
// a loopback address; nothing else is ever probed.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { launch } from '../lib/browser.js';
import { scenarioChain, signInAs } from '../lib/console.js';
import { historySeqs, identity } from '../lib/product.js';

const ARTIFACTS = process.env.E2E_ARTIFACTS ?? '../test-artifacts/e2e';
const REAL_BASE_URL = process.env.REAL_BASE_URL;
const WAIT = { timeout: 30000 };
/** A loopback address of its own, so the run's one in-scope host is this test's server alone. */
const TARGET = '127.0.0.77';
const TARGET_PORT = 8080;
const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'];

const dana = identity('t_e2e_real', 'dana');

async function callReal(who, method, path, body) {
  const response = await fetch(REAL_BASE_URL + path, {
    method,
    headers: { 'X-Dev-User': who.user, 'X-Dev-Email': who.email, 'X-Tenant-Id': who.tenant,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null, text };
}

describe('a real run and its findings', { concurrency: false }, () => {
  let chrome;
  let page;
  let target;
  let requests = 0;
  let sockets = 0; // WebSockets the page opened: none, this product serves none (LIVE_WEBSOCKET=false)
  let engagement;
  let runId;
  const shot = (name) => page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
  const scenario = scenarioChain(test, assert, (name) => (page ? shot(name) : Promise.resolve()));

  before(async () => {
    assert.ok(REAL_BASE_URL, 'REAL_BASE_URL is not set: scripts/e2e.sh starts the real-run product and sets it');
    mkdirSync(ARTIFACTS, { recursive: true });
    // A web server with none of the security headers and a cookie without its flags.
    target = createServer((req, res) => {
      requests++;
      res.writeHead(200, { 'Content-Type': 'text/html', 'Set-Cookie': 'session=e2e-cookie; Path=/' });
      res.end('<html><body>e2e target</body></html>');
    });
    await new Promise((resolve, reject) => target.once('error', reject).listen(TARGET_PORT, TARGET, resolve));
    chrome = await launch({ width: 1200, height: 900 });
    page = chrome.context.pages()[0] ?? await chrome.context.newPage();
    page.on('websocket', () => { sockets += 1; });
    const created = await callReal(dana, 'POST', '/v1/engagements', {
      name: 'E2E real engagement', tenant_id: dana.tenant, type: 'web',
      scope: { in_scope_domains: [], in_scope_cidrs: [`${TARGET}/32`], out_of_scope: [], risk_tier: 'safe_active',
        windows: [], rate_limit: 500 },
    });
    assert.equal(created.status, 201, `creating the engagement: ${created.text}`);
    engagement = created.json;
  });

  after(async () => {
    await chrome?.close();
    await new Promise((resolve) => (target ? target.close(resolve) : resolve()));
  });

  scenario('a real run needs an authorization, recorded on the engagement page', async () => {
    await signInAs(page, REAL_BASE_URL, dana);
    await page.getByRole('link', { name: 'E2E real engagement' }).click();
    await page.getByText('No authorization is recorded: real runs of this engagement are refused.').waitFor(WAIT);
    await page.getByLabel('Authorization reference').fill('PENTEST-2026-042');
    await page.getByRole('button', { name: 'Record authorization' }).click();
    await page.getByRole('region', { name: 'Authorization' }).getByText('PENTEST-2026-042').waitFor(WAIT);
    await shot('12-engagement-authorized');
  });

  scenario('the plan builder offers what runs for real and starts the run', async () => {
    await page.getByRole('link', { name: 'Build a plan' }).click();
    await page.getByText('Runs here execute for real').waitFor(WAIT);
    await page.getByLabel('TCP port scan, top 1000 ports').check();
    await page.getByLabel(/security headers/i).check();
    await page.getByText(/^6 steps, estimated /).waitFor(WAIT);
    await page.getByRole('button', { name: 'Create plan and start run' }).click();
    await page.getByRole('heading', { name: /^Run / }).waitFor(WAIT);
    await page.getByText('Real run: it probes its scope').waitFor(WAIT);
    runId = decodeURIComponent(page.url().split('#/runs/')[1]);
  });

  scenario('steps and findings arrive live, with a severity summary', async () => {
    await page.locator('.step[data-state="done"]').first().waitFor(WAIT);
    const findings = page.getByRole('region', { name: 'Findings' });
    await findings.locator('tbody tr').first().waitFor(WAIT);
    await page.locator('.run-status .badge-completed').waitFor({ timeout: 90000 });
    await page.locator('tr[data-type="finding.created"]').first().waitFor(WAIT);
    // every finding the page shows is one the server has, and the other way round
    const server = (await callReal(dana, 'GET', `/v1/tests/${runId}/findings`)).json;
    await page.waitForFunction((n) => document.querySelectorAll('.findings tbody tr').length === n, server.length, WAIT);
    assert.ok(server.some((f) => f.severity === 'info' && f.target?.port === TARGET_PORT), 'no open-port finding');
    assert.ok(server.some((f) => f.severity !== 'info'), 'no missing-header finding');
    assert.ok(requests > 0, 'the target server saw no request');
    const summary = await findings.locator('.severity-summary').textContent();
    assert.match(summary, new RegExp(`^${server.length} findings?: `));
    await shot('13-run-findings');
  });

  scenario('without the WebSocket on the server the run view followed the run over SSE, each event once', async () => {
    await page.getByText('The run has finished; the event stream is closed.').waitFor(WAIT);
    assert.equal(await page.locator('.connection').getAttribute('data-transport'), 'sse');
    assert.equal(sockets, 0, 'the page opened a WebSocket although the server offers none');
    const grant = await callReal(dana, 'POST', `/v2/runs/${runId}/stream-token`);
    assert.equal(grant.status, 200);
    assert.equal(grant.json.websocket_url, null, 'a product without the WebSocket must not offer one');
    const seqs = await page.locator('tbody tr[data-seq]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.seq)));
    assert.deepEqual(seqs, await historySeqs(dana, runId, { baseUrl: REAL_BASE_URL }),
      'the page\'s event log differs from the run\'s history on the server');
  });

  scenario('filtering by severity shows only that severity and above; evidence is readable', async () => {
    const server = (await callReal(dana, 'GET', `/v1/tests/${runId}/findings`)).json;
    const worst = SEVERITIES[Math.max(...server.map((f) => SEVERITIES.indexOf(f.severity)))];
    await page.getByLabel('Minimum severity').selectOption(worst);
    const expected = server.filter((f) => SEVERITIES.indexOf(f.severity) >= SEVERITIES.indexOf(worst)).length;
    await page.waitForFunction((n) => document.querySelectorAll('.findings tbody tr').length === n, expected, WAIT);
    const shown = await page.locator('.findings tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.severity));
    assert.ok(shown.every((s) => s === worst || SEVERITIES.indexOf(s) > SEVERITIES.indexOf(worst)));
    await page.locator('.findings summary').first().click();
    const evidence = await page.locator('.findings pre.evidence').first().textContent();
    assert.ok(Object.keys(JSON.parse(evidence)).length > 0, 'the evidence is empty');
    await shot('14-run-findings-filtered');
    await page.getByLabel('Minimum severity').selectOption('info');
  });

  scenario('both exports download with the run\'s findings in them', async () => {
    const server = (await callReal(dana, 'GET', `/v1/tests/${runId}/findings`)).json;
    const save = async (button) => {
      const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.getByRole('button', { name: button }).click()]);
      const path = `${ARTIFACTS}/${download.suggestedFilename()}`;
      await download.saveAs(path);
      return JSON.parse(readFileSync(path, 'utf8'));
    };
    const sarif = await save('Download SARIF');
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0].results.length, server.length);
    const dojo = await save('Download DefectDojo JSON');
    assert.equal(dojo.findings.length, server.length);
    assert.deepEqual(new Set(dojo.findings.map((f) => f.title)), new Set(server.map((f) => f.title)));
  });

  scenario('the engagement\'s runs list shows the run with its finding counts', async () => {
    const server = (await callReal(dana, 'GET', `/v1/tests/${runId}/findings`)).json;
    await page.goto(`${REAL_BASE_URL}/console#/engagements/${engagement.id}`);
    const row = page.getByRole('row', { name: new RegExp(runId) });
    await row.getByText(/completed/).waitFor(WAIT);
    await page.waitForFunction(() => !document.querySelector('.finding-counts')?.textContent.includes('…'), null, WAIT);
    const counts = await row.locator('.finding-counts').textContent();
    const info = server.filter((f) => f.severity === 'info').length;
    assert.match(counts, new RegExp(`\\b${info} info\\b`));
  });

  scenario('the engagement\'s findings view lists the latest of each finding', async () => {
    await page.goto(`${REAL_BASE_URL}/console#/engagements/${engagement.id}/findings`);
    await page.getByRole('heading', { name: 'Findings of E2E real engagement' }).waitFor(WAIT);
    const server = (await callReal(dana, 'GET', `/v1/engagements/${engagement.id}/findings`)).json;
    await page.waitForFunction((n) => document.querySelectorAll('.findings tbody tr').length === n, server.length, WAIT);
    assert.match(await page.locator('.findings tbody tr').first().textContent(), /first .*last/);
    await page.getByLabel('Target').fill('no-such-target');
    await page.getByText('No finding matches these filters.').waitFor(WAIT);
    await shot('15-engagement-findings');
  });
});

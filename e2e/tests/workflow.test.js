// The whole job in the console, as a person does it: declare an engagement (a bad CIDR is caught at its
// field), preview its scope, build a plan from the catalog (a test the engagement cannot select says
// why), start the run and watch it, and find another tenant's engagement "not found".

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { launch } from '../lib/browser.js';
import { BASE_URL, call, identity } from '../lib/product.js';
import { scenarioChain, signInAs } from '../lib/console.js';

const ARTIFACTS = process.env.E2E_ARTIFACTS ?? '../test-artifacts/e2e';
const WAIT = { timeout: 20000 };

const carol = identity('t_e2e_c', 'carol');
const mallory = identity('t_e2e_d', 'mallory');

describe('declaring an engagement and building a plan', { concurrency: false }, () => {
  let chrome;
  let page;
  let errors;
  let engagementId;
  const shot = (name) => page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
  const scenario = scenarioChain(test, assert, (name) => (page ? shot(name) : Promise.resolve()));

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    chrome = await launch({ width: 1200, height: 900 });
    page = chrome.context.pages()[0] ?? await chrome.context.newPage();
    errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
  });

  after(async () => {
    if (errors?.length) process.stderr.write(`page errors:\n${errors.join('\n')}\n`);
    await chrome?.close();
  });

  scenario('a bad CIDR is shown at its field and nothing is created', async () => {
    await signInAs(page, BASE_URL, carol);
    await page.getByRole('link', { name: 'New engagement' }).click();
    await page.getByRole('heading', { name: 'New engagement' }).waitFor(WAIT);
    await page.getByLabel('Name').fill('E2E declared engagement');
    await page.getByLabel('In-scope domains').fill('example.com');
    await page.getByLabel('In-scope CIDRs').fill('10.0.0.1/24');
    await page.getByRole('button', { name: 'Create engagement' }).click();
    const cidrs = page.getByLabel('In-scope CIDRs');
    await page.locator('.field[data-path="scope.in_scope_cidrs"] .field-error').waitFor(WAIT);
    assert.equal(await cidrs.getAttribute('aria-invalid'), 'true');
    const message = await page.locator('.field[data-path="scope.in_scope_cidrs"] .field-error').textContent();
    assert.match(message, /Entry 1: .*did you mean 10\.0\.0\.0\/24/);
    // the error is part of the field's accessible description, so a screen reader says it with the field
    const describedBy = await cidrs.getAttribute('aria-describedby');
    assert.ok(describedBy.split(' ').some((id) => id.endsWith('-error')));
    assert.equal((await call(carol, 'GET', '/v1/engagements')).json.length, 0, 'an engagement was created');
    await shot('6-engagement-form-error');
  });

  scenario('the fixed scope previews what it expands to, then the engagement is created', async () => {
    await page.getByLabel('In-scope CIDRs').fill('10.0.0.0/24\n169.254.169.254');
    await page.getByLabel('Out of scope').fill('10.0.0.0/28');
    await page.getByRole('button', { name: 'Preview scope' }).click();
    const preview = page.getByRole('region', { name: 'Scope preview' });
    await preview.getByText('240 addresses would be tested.').waitFor(WAIT);
    const rows = await preview.locator('tbody tr').allTextContents();
    assert.match(rows[0], /10\.0\.0\.0\/24\s*256\s*16 \(by 10\.0\.0\.0\/28\)\s*none\s*240/);
    assert.match(rows[1], /169\.254\.169\.254\/32.*platform\.link_local/);
    await shot('7-engagement-scope-preview');
    await page.getByLabel('In-scope CIDRs').fill('10.0.0.0/24');
    await page.getByRole('button', { name: 'Create engagement' }).click();
    await page.getByRole('heading', { name: 'E2E declared engagement' }).waitFor(WAIT);
    engagementId = decodeURIComponent(page.url().split('#/engagements/')[1]);
    const declared = await page.getByRole('region', { name: 'Scope as declared' }).textContent();
    assert.match(declared, /10\.0\.0\.0\/24/);
    assert.match(declared, /Out of scope\s*10\.0\.0\.0\/28/);
    assert.match(declared, /Large scope allowed\s*no/);
    await shot('8-engagement-page');
  });

  scenario('the plan builder disables what the engagement cannot run and says why', async () => {
    await page.getByRole('link', { name: 'Build a plan' }).click();
    await page.getByRole('heading', { name: 'Build a plan' }).waitFor(WAIT);
    const disabled = page.locator('.test-choice.disabled').first();
    await disabled.waitFor(WAIT);
    const box = disabled.getByRole('checkbox');
    assert.ok(await box.isDisabled());
    // the reason is the checkbox's accessible description, not only text nearby
    const description = await box.evaluate((el) => el.getAttribute('aria-describedby')
      .split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
    assert.match(description, /Not available: .*above the plan's risk tier safe_active/);
    await page.getByLabel('Ping sweep (TCP connect)').check();
    await page.getByLabel('TCP port scan, top 1000 ports').check();
    await page.getByText(/^6 steps, estimated /).waitFor(WAIT);
    const steps = await page.locator('.plan-steps li').allTextContents();
    assert.equal(steps.length, 6);
    assert.match(steps[0], /network\.discovery\.ping_sweep/);
    assert.match(steps[5], /network\.nmap\.tcp_top_1000/);
    await shot('9-plan-builder');
  });

  scenario('creating the plan starts a run whose steps arrive live', async () => {
    await page.getByRole('button', { name: 'Create plan and start run' }).click();
    await page.getByRole('heading', { name: /^Run / }).waitFor(WAIT);
    await page.locator('.step[data-state="running"], .step[data-state="done"]').first().waitFor(WAIT);
    await page.getByRole('region', { name: 'Findings' }).waitFor(WAIT);
    await page.getByRole('region', { name: 'Notifications' })
      .getByText('No notification sent for this run').waitFor(WAIT);
    const runId = decodeURIComponent(page.url().split('#/runs/')[1]);
    const run = await call(carol, 'GET', `/v1/tests/${runId}`);
    assert.equal(run.json.engagement_id, engagementId);
    await shot('10-run-from-plan');
    await call(carol, 'POST', `/v2/runs/${runId}/control`, { action: 'abort' });
  });

  scenario('another tenant\'s engagement shows nothing but "not found"', async () => {
    assert.ok(engagementId, 'the engagement of the earlier scenarios was not created');
    await signInAs(page, BASE_URL, mallory);
    for (const view of ['', '/plan', '/findings']) {
      await page.goto(`${BASE_URL}/console#/engagements/${engagementId}${view}`);
      await page.getByRole('heading', { name: 'Not found' }).waitFor(WAIT);
      const text = await page.locator('main').textContent();
      assert.match(text, /This engagement was not found/);
      assert.doesNotMatch(text, /E2E declared engagement|10\.0\.0\.0/);
    }
    await shot('11-other-tenant-engagement-not-found');
  }, { independent: true });
});

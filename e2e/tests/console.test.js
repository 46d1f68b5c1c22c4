// The run console in headless Chromium against the real product (started by scripts/e2e.sh):
// sign in, watch a run live, pause, resume, survive a dropped connection, abort, and fail to reach
// another tenant's run. Scenarios run in order on one page, as a person would use it.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { launch } from '../lib/browser.js';
import { scenarioChain } from '../lib/console.js';
import { startDropProxy } from '../lib/drop-proxy.js';
import { BASE_URL, call, createPlan, historySeqs, identity, startRun } from '../lib/product.js';

const ARTIFACTS = process.env.E2E_ARTIFACTS ?? '../test-artifacts/e2e';
/** How long one simulated step takes (SIMULATE_STEP_MS of the product under test). */
const STEP_MS = Number(process.env.SIMULATE_STEP_MS ?? 2500);
/** Longer than one step, so that a step starting while paused would be seen. */
const QUIET_MS = Math.max(4000, 1.5 * STEP_MS);
const WAIT = { timeout: 20000 };

const alice = identity('t_e2e_a', 'alice');
const mallory = identity('t_e2e_b', 'mallory');

describe('run console', { concurrency: false }, () => {
  let chrome;
  let proxy;
  let page;
  let console_; // the page's console errors, reported when a test fails
  let fixture; // alice's engagement and plan; the run is started when the page is ready to watch it
  const subscribes = []; // subscribe messages the page sent on its WebSockets, in order
  const base = () => `http://127.0.0.1:${proxy.port}`;
  const shot = (name) => page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
  const status = () => page.locator('.run-status .badge span').textContent();
  const stepStarts = async () => (await page.locator('tr[data-type="step.started"]').count());
  const scenario = scenarioChain(test, assert, (name) => (page ? shot(name) : Promise.resolve()));
  const logSeqs = async () => (await page.locator('tbody tr[data-seq]').evaluateAll(
    (rows) => rows.map((r) => Number(r.dataset.seq))));

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    proxy = await startDropProxy(Number(new URL(BASE_URL).port));
    chrome = await launch({ width: 1200, height: 900 });
    page = chrome.context.pages()[0] ?? await chrome.context.newPage();
    console_ = [];
    page.on('console', (m) => { if (m.type() === 'error') console_.push(m.text()); });
    page.on('pageerror', (e) => console_.push(String(e)));
    // what the page asks of the live-progress WebSocket, to check where it resumes after a drop
    page.on('websocket', (ws) => ws.on('framesent', ({ payload }) => {
      const message = JSON.parse(String(payload));
      if (message.action === 'subscribe') subscribes.push(message);
    }));
    fixture = await createPlan(alice, 'E2E network engagement');
  });

  after(async () => {
    if (console_?.length) process.stderr.write(`browser console errors:\n${console_.join('\n')}\n`);
    await chrome?.close();
    await proxy?.close();
  });

  scenario('signing in keeps the identity in the tab and lists the tenant\'s engagements', async () => {
    await page.goto(`${base()}/console`);
    await page.getByRole('heading', { name: 'Sign in (dev mode)' }).waitFor(WAIT);
    await page.getByLabel('User').fill(alice.user);
    await page.getByLabel('Email').fill(alice.email);
    await page.getByLabel('Tenant id').fill(alice.tenant);
    await page.getByRole('button', { name: 'Sign in' }).press('Enter');
    await page.getByRole('link', { name: 'E2E network engagement' }).first().waitFor(WAIT);
    assert.match(await page.locator('#who-text').textContent(), /alice .* tenant t_e2e_a/);
  });

  scenario('the run view shows live steps arriving', async () => {
    fixture.run = await startRun(alice, fixture);
    await page.getByRole('link', { name: 'E2E network engagement' }).first().click();
    await page.getByRole('link', { name: fixture.run.id }).click();
    await page.getByRole('heading', { name: `Run ${fixture.run.id}` }).waitFor(WAIT);
    await page.getByText('Live: events appear as they happen.').waitFor(WAIT);
    assert.equal(await page.locator('.connection').getAttribute('data-transport'), 'websocket');
    try {
      await page.locator('.step[data-state="running"], .step[data-state="done"]').first().waitFor(WAIT);
    } catch {
      const run = await call(alice, 'GET', `/v1/tests/${fixture.run.id}`);
      assert.fail(`No step started within ${WAIT.timeout} ms; the server says the run is ` +
        `${run.json?.status}. The product does not execute runs yet: LocalMain must start the workflow ` +
        'engine with simulation (SIMULATE_PROGRESS=true, issue 4) for the console to show live steps.');
    }
    await page.locator('tr[data-type="step.progress"]').first().waitFor(WAIT);
    assert.equal(await status(), 'running');
    assert.equal(await page.locator('.run-mode').getAttribute('data-mode'), 'simulated');
    await page.getByText('Simulated run: nothing is probed').waitFor(WAIT);
    assert.ok(await page.getByRole('button', { name: 'Pause' }).isEnabled());
    assert.ok(await page.getByRole('button', { name: 'Resume' }).isDisabled());
    await shot('1-run-live');
  });

  scenario('pause parks the run at the next step boundary and no step starts while paused', async () => {
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.locator('.run-status .badge-paused').waitFor(WAIT);
    assert.ok(await page.getByRole('button', { name: 'Resume' }).isEnabled());
    assert.ok(await page.getByRole('button', { name: 'Pause' }).isDisabled());
    const startsWhenPaused = await stepStarts();
    await page.waitForTimeout(QUIET_MS);
    assert.equal(await stepStarts(), startsWhenPaused, 'a step started while the run was paused');
    assert.equal(await status(), 'paused');
    await shot('2-run-paused');
  });

  scenario('resume continues with the next step', async () => {
    const before_ = await stepStarts();
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.locator('.run-status .badge-running').waitFor(WAIT);
    await page.waitForFunction((n) => document.querySelectorAll('tr[data-type="step.started"]').length > n,
      before_, WAIT);
  });

  scenario('a dropped connection is shown, then resumed without losing or repeating events', async () => {
    const subscribesBeforeDrop = subscribes.length;
    const seqBeforeDrop = (await logSeqs()).at(-1);
    proxy.drop();
    await page.locator('.connection[data-state="reconnecting"]').waitFor(WAIT);
    assert.match(await page.locator('.connection').textContent(), /Disconnected/);
    await shot('3-run-disconnected');
    await page.waitForTimeout(2000); // events keep coming on the server meanwhile
    proxy.restore();
    await page.getByText('Live: events appear as they happen.').waitFor(WAIT);
    assert.equal(await page.locator('.connection').getAttribute('data-transport'), 'websocket',
      'after the drop the page should be back on the WebSocket, not on SSE');
    const seqs = await logSeqs();
    assert.deepEqual(seqs, seqs.map((_, i) => seqs[0] + i), 'the log has a gap or a repeat after reconnecting');
    // the new socket asked for what came after the last event the page had before the drop
    const resumed = subscribes.slice(subscribesBeforeDrop);
    assert.ok(resumed.length >= 1, 'no subscribe on a new socket after the drop');
    assert.ok(seqs.includes(resumed.at(-1).after) && resumed.at(-1).after >= seqBeforeDrop,
      `the resubscribe asked after ${resumed.at(-1).after}; the page had ${seqBeforeDrop} before the drop`);
  });

  scenario('abort ends the run at once and disables every control', async () => {
    await page.getByRole('button', { name: 'Abort' }).click();
    await page.locator('.run-status .badge-aborted').waitFor(WAIT);
    for (const name of ['Pause', 'Resume', 'Abort']) {
      assert.ok(await page.getByRole('button', { name }).isDisabled(), `${name} is still enabled`);
    }
    await page.getByText('The run has finished; the event stream is closed.').waitFor(WAIT);
    const seqs = await logSeqs();
    assert.equal(await page.locator('tbody tr[data-seq]').last().getAttribute('data-type'), 'run.aborted');
    assert.deepEqual(seqs, await historySeqs(alice, fixture.run.id),
      'the page\'s event log differs from the run\'s history on the server');
    await shot('4-run-aborted');
  });

  scenario('another tenant\'s run is not found and shows none of its data', async () => {
    await page.goto(`${base()}/console#/sign-in`);
    await page.evaluate(() => sessionStorage.clear());
    await page.reload();
    await page.getByLabel('User').fill(mallory.user);
    await page.getByLabel('Email').fill(mallory.email);
    await page.getByLabel('Tenant id').fill(mallory.tenant);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Engagements' }).waitFor(WAIT);
    fixture.run ??= await startRun(alice, fixture); // when the earlier scenarios did not get that far
    await page.goto(`${base()}/console#/runs/${fixture.run.id}`);
    await page.getByRole('heading', { name: 'Not found' }).waitFor(WAIT);
    const text = await page.locator('main').textContent();
    assert.match(text, /This run was not found/);
    assert.doesNotMatch(text, /E2E network engagement|aborted|step\./);
    assert.equal(await page.locator('tbody tr[data-seq]').count(), 0);
    assert.equal((await call(mallory, 'GET', `/v1/tests/${fixture.run.id}`)).status, 404);
    await shot('5-other-tenant-not-found');
  }, { independent: true });
});

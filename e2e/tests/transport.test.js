// How the console follows a run live, in headless Chromium: over the WebSocket where the server offers
// it, over SSE where it does not or where the socket cannot open; the run view shows the same log either
// way, each event once and in order; and when a gateway refuses the SSE stream, the page asks the run
// whether to try again. The stream tokens of scripts/e2e.sh live 5 s, so a run outlives its first token:
// the server ends each stream at its token's expiry and the page resumes with a fresh one.
// (console.test.js drops the connection mid-run over the WebSocket; findings.test.js follows a run over
// SSE on the product started with LIVE_WEBSOCKET=false.)

import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { launch } from '../lib/browser.js';
import { scenarioChain, signInAs } from '../lib/console.js';
import { startDropProxy } from '../lib/drop-proxy.js';
import { startGatewayProxy } from '../lib/gateway-proxy.js';
import { BASE_URL, createPlan, expectStatus, historySeqs, identity, startRun } from '../lib/product.js';

const ARTIFACTS = process.env.E2E_ARTIFACTS ?? '../test-artifacts/e2e';
const REAL_BASE_URL = process.env.REAL_BASE_URL;
const WAIT = { timeout: 20000 };
/** A simulated run of two steps ends within this (SIMULATE_STEP_MS each, plus start-up). */
const RUN_WAIT = { timeout: 60000 };

const carol = identity('t_e2e_transport', 'carol');
/** STREAM_TOKEN_TTL_SECONDS of the product under test (scripts/e2e.sh). */
const TOKEN_TTL_MS = 1000 * Number(process.env.STREAM_TOKEN_TTL_SECONDS ?? 5);
const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/** Until {@code condition()} holds, polled; fails after {@code ms}. */
async function until(condition, ms, what) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`${what} did not happen within ${ms} ms`);
    await sleep(100);
  }
}

/**
 * The page's sockets in order as one stream: the events carried (each must come once, in order), and that
 * each socket after the first subscribed after the last event the ones before it carried, and that each one
 * before the last ended with the server's 401 (its token expired) or was cut otherwise.
 */
function assertSocketsResumeWhereTheyWere(sockets, runId) {
  const events = [];
  sockets.forEach((socket, i) => {
    const subscribes = socket.sent.filter((m) => m.action === 'subscribe');
    if (subscribes.length > 0) {
      assert.equal(subscribes[0].after, events.at(-1) ?? 0, `socket ${i} did not resume after the last event received`);
      assert.equal(subscribes[0].run_id, runId);
    }
    events.push(...socket.received.filter((m) => m.type === 'event').map((m) => m.seq));
  });
  return events;
}

/** The answer to a WebSocket upgrade of /v2/ws with dev headers: 101, or the refusal's status. */
function upgradeStatus(baseUrl, who) {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}/v2/ws`, {
      headers: {
        Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'X-Dev-User': who.user, 'X-Dev-Email': who.email, 'X-Tenant-Id': who.tenant,
      },
      timeout: 10000,
    });
    req.on('upgrade', (response, socket) => { socket.destroy(); resolve(response.statusCode); });
    req.on('response', (response) => { response.resume(); resolve(response.statusCode); });
    req.on('timeout', () => req.destroy(new Error('no answer to the upgrade')));
    req.on('error', reject);
    req.end();
  });
}

describe('the console\'s live transport', { concurrency: false }, () => {
  let chrome;
  let page;
  let proxy; // passes HTTP to the simulated product and cuts every WebSocket upgrade
  let gateway; // the same, and refuses the event streams while told to
  let requests = []; // what the page asked for: {method, path, at}
  let fixture;
  let sockets = []; // the WebSockets the page opened: {url, sent: [...], received: [...]}
  const shot = (name) => page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
  const scenario = scenarioChain(test, assert, (name) => (page ? shot(name) : Promise.resolve()));
  const logSeqs = () => page.locator('tbody tr[data-seq]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.seq)));
  const transport = () => page.locator('.connection').getAttribute('data-transport');

  /** Opens the run view on {@code baseUrl} and waits until the run has ended there. */
  async function watchToTheEnd(baseUrl) {
    const run = await startRun(carol, fixture);
    await page.goto(`${baseUrl}/console#/runs/${run.id}`);
    await page.getByRole('heading', { name: `Run ${run.id}` }).waitFor(WAIT);
    await page.getByText('The run has finished; the event stream is closed.').waitFor(RUN_WAIT);
    assert.equal(await page.locator('tbody tr[data-seq]').last().getAttribute('data-type'), 'run.completed');
    return run;
  }

  before(async () => {
    assert.ok(REAL_BASE_URL, 'REAL_BASE_URL is not set: scripts/e2e.sh starts the product without the WebSocket');
    mkdirSync(ARTIFACTS, { recursive: true });
    proxy = await startDropProxy(Number(new URL(BASE_URL).port), { refuseWebSockets: true });
    chrome = await launch({ width: 1200, height: 900 });
    page = chrome.context.pages()[0] ?? await chrome.context.newPage();
    page.on('websocket', (ws) => {
      const seen = { url: ws.url(), sent: [], received: [] };
      sockets.push(seen);
      ws.on('framesent', ({ payload }) => seen.sent.push(JSON.parse(String(payload))));
      ws.on('framereceived', ({ payload }) => seen.received.push(JSON.parse(String(payload))));
    });
    page.on('request', (r) => requests.push({ method: r.method(), path: new URL(r.url()).pathname, at: Date.now() }));
    gateway = await startGatewayProxy(Number(new URL(BASE_URL).port));
    fixture = await createPlan(carol, 'E2E transport engagement');
  });

  after(async () => {
    await chrome?.close();
    await proxy?.close();
    await gateway?.close();
  });

  scenario('where the server offers the WebSocket the run view follows the run over it, each event once', async () => {
    await signInAs(page, BASE_URL, carol);
    sockets = [];
    const run = await watchToTheEnd(BASE_URL);
    assert.equal(await transport(), 'websocket');
    assert.ok(sockets.length >= 1, 'a socket for the page');
    for (const socket of sockets) assert.match(socket.url, /\/v2\/ws\?stream_token=/);
    assert.deepEqual(sockets[0].sent.filter((m) => m.action !== 'ping'),
      [{ action: 'subscribe', run_id: run.id, after: 0 }]);
    const history = await historySeqs(carol, run.id);
    assert.deepEqual(await logSeqs(), history, 'the page\'s event log differs from the run\'s history');
    assert.deepEqual(assertSocketsResumeWhereTheyWere(sockets, run.id), history,
      'the sockets carried an event twice, or out of order');
    assert.ok(sockets.at(-1).received.some((m) => m.type === 'end' && m.run_id === run.id), 'no end message');
    await shot('20-transport-websocket');
  });

  scenario('where the socket cannot open (a proxy cuts the upgrade) the page falls back to SSE', async () => {
    const base = `http://127.0.0.1:${proxy.port}`;
    await signInAs(page, base, carol); // another origin: a fresh page, and its own sessionStorage
    sockets = [];
    const run = await watchToTheEnd(base);
    assert.equal(await transport(), 'sse');
    assert.ok(proxy.upgradesRefused >= 1, 'the page did not try the WebSocket first');
    assert.equal(sockets.filter((s) => s.received.length > 0).length, 0, 'a socket carried messages');
    assert.deepEqual(await logSeqs(), await historySeqs(carol, run.id),
      'the page\'s event log differs from the run\'s history');
    await shot('21-transport-sse-fallback');
  });

  scenario('an SSE stream a gateway refuses makes the page ask the run: it retries while the run goes on and stops once it has ended', async () => {
    const base = `http://127.0.0.1:${gateway.port}`;
    await signInAs(page, base, carol);
    const run = await startRun(carol, fixture);
    const asked = (method, path, since) => requests.filter((r) => r.at >= since && r.method === method && r.path === path).length;
    const runReads = (since) => asked('GET', `/v1/tests/${run.id}`, since);
    const streamOpens = (since) => asked('GET', `/v2/runs/${run.id}/events`, since)
      + asked('POST', `/v2/runs/${run.id}/stream-token`, since);
    await page.goto(`${base}/console#/runs/${run.id}`);
    await page.getByRole('heading', { name: `Run ${run.id}` }).waitFor(WAIT);
    await page.locator('tr[data-type="step.started"]').first().waitFor(RUN_WAIT);
    assert.equal(await transport(), 'sse');
    // paused, the run stays unfinished for as long as the scenario needs
    await expectStatus(carol, 'POST', `/v2/runs/${run.id}/control`, { action: 'pause' }, 200);
    await page.locator('tr[data-type="run.paused"]').waitFor(RUN_WAIT);
    await page.waitForTimeout(3500); // the notifications' reload after run.started (a read of the run) is done

    // the run goes on: after the refusal the page reads the run once, then tries the stream again with backoff
    let since = Date.now();
    gateway.refuseStreams();
    await page.waitForFunction(() => document.querySelector('.connection')?.textContent.includes('Reconnecting in'), null, WAIT);
    assert.ok(gateway.streamsRefused >= 1, 'the page did not ask for the stream again');
    assert.ok(runReads(since) >= 1, 'the page did not read the run after its stream was refused');
    gateway.passStreams();
    await page.locator('.connection[data-state="live"]').waitFor(WAIT);
    const seqs = await logSeqs(); // (the run's history cannot be read to its end yet: the stream of a paused run stays open)
    assert.deepEqual(seqs, seqs.map((_, i) => i + 1), 'the log has a gap or a repeat after the stream came back');
    assert.equal(await page.locator('tbody tr[data-seq]').last().getAttribute('data-type'), 'run.paused');

    // the run ends while its stream is refused: the page shows its final status and stops asking
    gateway.refuseStreams();
    await page.locator('.connection[data-state="reconnecting"]').waitFor(WAIT);
    await expectStatus(carol, 'POST', `/v2/runs/${run.id}/control`, { action: 'abort' }, 200);
    await page.locator('.run-status .badge-aborted').waitFor(RUN_WAIT);
    await page.getByText('The run has finished; the event stream is closed.').waitFor(WAIT);
    for (const name of ['Pause', 'Resume', 'Abort']) {
      assert.ok(await page.getByRole('button', { name }).isDisabled(), `${name} is still enabled`);
    }
    since = Date.now();
    await page.waitForTimeout(5000); // longer than the backoff's first steps (1 s, 2 s)
    assert.equal(streamOpens(since), 0, 'the page kept asking for the stream of an ended run');
    gateway.passStreams();
    const history = await historySeqs(carol, run.id);
    assert.deepEqual(await logSeqs(), history.slice(0, seqs.length), 'the log is not the start of the run\'s history');
    await shot('22-transport-sse-refused-run-ended');
  }, { independent: true });

  /**
   * A paused run sends nothing, so only the token's expiry can end its stream: the page must notice, take a
   * fresh token and resume after the last event it has, over either transport, and its log must end up
   * equal to the run's history once the run is resumed and done.
   */
  scenario('when the stream token expires on a paused run the page takes a fresh one and resumes where it was, on both transports', async () => {
    for (const base of [BASE_URL, `http://127.0.0.1:${proxy.port}`]) {
      await signInAs(page, base, carol);
      sockets = [];
      const streams = []; // the SSE requests: their stream tokens and resume points
      const onRequest = (r) => { if (/\/events\?/.test(r.url())) streams.push(new URL(r.url())); };
      page.on('request', onRequest);
      const run = await startRun(carol, fixture);
      await page.goto(`${base}/console#/runs/${run.id}`);
      await page.locator('tbody tr[data-type="step.started"]').first().waitFor(WAIT);
      await expectStatus(carol, 'POST', `/v2/runs/${run.id}/control`, { action: 'pause' }, 200);
      await page.locator('.run-status .badge-paused').waitFor(WAIT);
      const logWhenPaused = await logSeqs();
      const seqWhenPaused = Math.max(...logWhenPaused);
      const streamsWhenPaused = streams.length;
      const opened = () => (base === BASE_URL ? sockets.length : new Set(streams.map((u) => u.searchParams.get('stream_token'))).size);
      const before = opened();
      // the token of the stream in use expires within its life: the server ends the stream, the page opens another
      await until(async () => opened() > before, TOKEN_TTL_MS + 10000, 'a stream opened with a fresh token');
      await sleep(500);
      assert.deepEqual(await logSeqs(), logWhenPaused, 'the log changed while the run was paused');
      await expectStatus(carol, 'POST', `/v2/runs/${run.id}/control`, { action: 'resume' }, 200);
      await page.getByText('The run has finished; the event stream is closed.').waitFor(RUN_WAIT);
      page.off('request', onRequest);
      const history = await historySeqs(carol, run.id);
      assert.deepEqual(await logSeqs(), history, `${base}: the page's log lost or repeated an event`);
      if (base === BASE_URL) {
        assert.equal(await transport(), 'websocket');
        const expired = sockets.slice(0, -1).filter((s) => s.received.some((m) => m.type === 'error' && m.status === 401));
        assert.ok(expired.length >= 1, 'no socket was ended with the 401 of an expired token');
        assert.deepEqual(assertSocketsResumeWhereTheyWere(sockets, run.id), history, 'the sockets carried an event twice');
      } else {
        assert.equal(await transport(), 'sse');
        const used = new Set(streams.slice(0, streamsWhenPaused).map((u) => u.searchParams.get('stream_token')));
        const fresh = streams.slice(streamsWhenPaused).filter((u) => !used.has(u.searchParams.get('stream_token')));
        assert.ok(fresh.length >= 1 && fresh.every((u) => Number(u.searchParams.get('after')) >= seqWhenPaused),
          `the streams with fresh tokens did not resume after seq ${seqWhenPaused}: ${fresh.map(String)}`);
      }
    }
    await shot('23-transport-token-expiry');
  });

  scenario('a product started with LIVE_WEBSOCKET=false refuses the upgrade', async () => {
    assert.equal(await upgradeStatus(BASE_URL, carol), 101);
    assert.equal(await upgradeStatus(REAL_BASE_URL, carol), 404);
    // its stream tokens offer no socket, and its run view follows a run over SSE: findings.test.js
  }, { independent: true });
});

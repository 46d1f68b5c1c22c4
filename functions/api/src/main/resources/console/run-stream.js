// Follows one run's event stream and hands each event to the page exactly once, in seq order.
//
// EventSource cannot send headers, so the stream is opened with a short-lived stream token obtained by
// an authenticated POST (docs/streaming.md). Two kinds of reconnect:
//  - a dropped connection: EventSource retries by itself on the same URL and sends Last-Event-ID, so
//    the server resumes after the last event received;
//  - a refused retry (the token expired, the server restarted): EventSource gives up (readyState
//    CLOSED). We then fetch a new token and open a new EventSource with ?after=<last seq>, with backoff.
// Either way events are deduplicated by seq, and a gap in seq (never expected) forces a resync.

import { api } from './api.js';

// EventSource delivers a named event only to a listener for that name, and a type missing here would look
// like a gap in seq: every type of core's RunEventType must be listed (ConsoleIT checks it).
export const EVENT_TYPES = [
  'run.queued', 'run.started', 'step.started', 'step.progress', 'step.completed',
  'run.pause_requested', 'run.paused', 'run.resumed', 'run.aborted', 'run.completed', 'run.failed',
  'finding.created', 'scope.blocked', 'notification.failed',
];
const TERMINAL = new Set(['run.completed', 'run.failed', 'run.aborted']);
const MAX_BACKOFF_MS = 15000;

/**
 * States reported to onState: connecting, live, reconnecting (EventSource is retrying),
 * waiting (we retry in {retryInMs}), ended (terminal event received), not-found, unauthorized.
 */
export class RunStream {
  constructor(runId, { onEvent, onState }) {
    this.runId = runId;
    this.onEvent = onEvent;
    this.onState = onState;
    this.lastSeq = null;
    this.failures = 0;
    this.source = null;
    this.timer = null;
    this.stopped = false;
    this.retryNow = () => { if (this.timer) this.reopen(0); };
    window.addEventListener('online', this.retryNow);
  }

  start() {
    this.open();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.source?.close();
    window.removeEventListener('online', this.retryNow);
  }

  async open() {
    this.timer = null;
    if (this.stopped) return;
    this.onState(this.lastSeq === null && this.failures === 0 ? { state: 'connecting' } : { state: 'reconnecting' });
    let grant;
    try {
      grant = await api('POST', `/v2/runs/${encodeURIComponent(this.runId)}/stream-token`);
    } catch (e) {
      if (e.status === 404) return this.end('not-found');
      if (e.status === 401) return this.end('unauthorized');
      return this.reopenWithBackoff();
    }
    if (this.stopped) return;
    const url = new URL(grant.events_url ?? `/v2/runs/${encodeURIComponent(this.runId)}/events`, location.href);
    if (!url.searchParams.has('stream_token')) url.searchParams.set('stream_token', grant.token);
    if (this.lastSeq !== null) url.searchParams.set('after', String(this.lastSeq));

    const source = new EventSource(url);
    this.source = source;
    source.onopen = () => {
      this.failures = 0;
      this.onState({ state: 'live' });
    };
    for (const type of EVENT_TYPES) source.addEventListener(type, (e) => this.receive(source, type, e));
    source.onmessage = (e) => this.receive(source, 'message', e);
    source.onerror = () => {
      if (this.stopped || this.source !== source) return;
      if (source.readyState === EventSource.CONNECTING) {
        this.onState({ state: 'reconnecting' });
      } else {
        source.close();
        this.reopenWithBackoff();
      }
    };
  }

  receive(source, type, message) {
    if (this.source !== source) return;
    const seq = Number(message.lastEventId);
    if (!Number.isSafeInteger(seq)) return;
    if (this.lastSeq !== null && seq <= this.lastSeq) return; // replayed after a reconnect
    if (this.lastSeq !== null && seq > this.lastSeq + 1) {
      // seq is gap-free per run, so something was missed: ask again from the last one we have.
      source.close();
      this.reopen(0);
      return;
    }
    this.lastSeq = seq;
    let data = {};
    try {
      data = JSON.parse(message.data); // {run_id, seq, type, created_at, payload}
    } catch {
      // keep the event with an empty payload rather than lose its place in the sequence
    }
    this.onEvent({ seq, type, payload: data.payload ?? {}, createdAt: data.created_at });
    if (TERMINAL.has(type)) this.end('ended');
  }

  end(state) {
    this.source?.close();
    this.stop();
    this.onState({ state });
  }

  reopenWithBackoff() {
    this.failures += 1;
    this.reopen(Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.failures - 1)));
  }

  reopen(delayMs) {
    clearTimeout(this.timer);
    this.onState({ state: 'waiting', retryInMs: delayMs });
    this.timer = setTimeout(() => this.open(), delayMs);
  }
}

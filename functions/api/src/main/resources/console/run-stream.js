// Follows one run's events and hands each to the page exactly once, in seq order, whichever transport
// delivered it: the live-progress WebSocket (docs/websocket.md) where the server offers it, else SSE.
//
// Browsers cannot set headers on either, so each connection opens with a short-lived, run-scoped stream
// token from an authenticated POST (docs/streaming.md). Its answer says whether this server offers the
// WebSocket (`websocket_url`, null when not). A socket that cannot open on this page at all (the upgrade
// is refused, a proxy does not pass WebSockets) makes the page use SSE from then on; once a socket has
// opened, a failure is a dropped connection and the socket is tried again.
//
// After a drop, an expired token or a server restart: a new token, then the stream again from the last
// seq received (`after`), with backoff. An EventSource that gives up (an HTTP error, whose status it does
// not show) is followed by one read of the run: gone is "not found", ended is the end (with the run as it
// ended), anything else is tried again. Events at or below that seq are ignored; a gap in seq (never
// expected) forces a resync. Above the transports there is one path: receive() -> onEvent.
//
// The server ends both transports when the token they were opened with expires (docs/streaming.md): the
// socket with an error 401 then 1008, the SSE response by completing. Either way the page takes a fresh
// token at once and resumes after the last seq, without the backoff of a failure.

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
/** A socket still connecting after this has failed to open (a proxy that holds the upgrade). */
const SOCKET_OPEN_TIMEOUT_MS = 10000;
/** Keep-alive: a ping this long after the last message, and the socket counts as dead without an answer. */
const PING_AFTER_MS = 25000;
const PONG_WITHIN_MS = 10000;
// After the terminal event the server sends `end`; if it does not come within this, the page ends anyway.
const END_WITHIN_MS = 3000;

/** Whether a WebSocket has ever opened on this page: if none could, the page stays on SSE. */
let socketWorks = null;

/**
 * States reported to onState, each with the transport in use ('websocket' or 'sse'): connecting, live,
 * reconnecting (EventSource is retrying), waiting (we retry in {retryInMs}), ended (terminal event
 * received, or {run}: the run as read after its stream was refused, in one of the {ended} statuses),
 * not-found, unauthorized.
 */
export class RunStream {
  constructor(runId, { onEvent, onState, ended }) {
    this.runId = runId;
    this.onEvent = onEvent;
    this.onState = onState;
    this.endedStatuses = new Set(ended); // GET /v2/run-lifecycle's `ended`: the statuses a run never leaves
    this.lastSeq = null;
    this.failures = 0;
    this.connection = null; // the transport in use: {transport, closed, close()}
    this.timer = null;
    this.endTimer = null;
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
    clearTimeout(this.endTimer);
    this.connection?.close();
    window.removeEventListener('online', this.retryNow);
  }

  state(state, extra = {}) {
    this.onState({ state, transport: this.connection?.transport, ...extra });
  }

  async open() {
    this.timer = null;
    if (this.stopped) return;
    this.state(this.lastSeq === null && this.failures === 0 ? 'connecting' : 'reconnecting');
    let grant;
    try {
      grant = await api('POST', `/v2/runs/${encodeURIComponent(this.runId)}/stream-token`);
    } catch (e) {
      if (e.status === 404) return this.end('not-found');
      if (e.status === 401) return this.end('unauthorized');
      return this.reopenWithBackoff();
    }
    if (this.stopped) return;
    this.connection = grant.websocket_url && socketWorks !== false ? this.openSocket(grant) : this.openEventSource(grant);
  }

  /** The WebSocket: subscribe to this run after the last seq received; `ref` events are fetched. */
  openSocket(grant) {
    const url = new URL(grant.websocket_url, location.href);
    if (url.protocol === 'https:' || url.protocol === 'http:') url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    const failuresBefore = this.failures;
    let opened = false;
    let keepAlive = null;
    let pongDue = null;
    let queue = Promise.resolve(); // messages in arrival order, also while a `ref` is fetched
    const connection = { transport: 'websocket', closed: false, close: () => { connection.closed = true; finish(); socket.close(); } };
    const current = () => this.connection === connection && !connection.closed && !this.stopped;
    const finish = () => {
      clearTimeout(openTimeout);
      clearTimeout(keepAlive);
      clearTimeout(pongDue);
    };
    const alive = () => { // any message shows the socket works; ping when it has been quiet
      clearTimeout(keepAlive);
      clearTimeout(pongDue);
      keepAlive = setTimeout(() => {
        socket.send(JSON.stringify({ action: 'ping' }));
        pongDue = setTimeout(() => socket.close(), PONG_WITHIN_MS);
      }, PING_AFTER_MS);
    };
    const openTimeout = setTimeout(() => { if (!opened) socket.close(); }, SOCKET_OPEN_TIMEOUT_MS);

    socket.onopen = () => {
      opened = true;
      socketWorks = true;
      clearTimeout(openTimeout);
      if (!current()) return;
      socket.send(JSON.stringify({ action: 'subscribe', run_id: this.runId, after: this.lastSeq ?? 0 }));
      this.failures = 0;
      alive();
      this.state('live');
    };
    socket.onmessage = (m) => {
      alive();
      queue = queue.then(() => current() && this.onSocketMessage(connection, m.data)).catch(reportError);
    };
    socket.onclose = (e) => {
      finish();
      if (!current()) return;
      connection.closed = true;
      if (!opened && socketWorks === null) {
        socketWorks = false; // never opened on this page: not offered here after all
        this.reopen(0);
        return;
      }
      // Dropped, or the server restarted, or 1008: the token was refused (it expired before this reconnect).
      // A token refused at once does not count as a success: the backoff keeps growing.
      if (e.code === 1008) this.failures = failuresBefore;
      this.reopenWithBackoff();
    };
    return connection;
  }

  async onSocketMessage(connection, text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.run_id !== undefined && message.run_id !== this.runId) return;
    if (message.type === 'event') {
      if (message.ref) {
        if (this.lastSeq !== null && message.seq <= this.lastSeq) return;
        let envelope;
        try {
          envelope = await api('GET', message.ref); // over 32 KB: fetched as the SSE envelope
        } catch {
          return this.resync(connection); // subscribe again from the last seq applied
        }
        return this.receive(connection, message.seq, message.event, envelope.payload, envelope.created_at);
      }
      return this.receive(connection, message.seq, message.event, message.data, message.created_at);
    }
    if (message.type === 'end') return this.end('ended');
    if (message.type === 'error') {
      if (message.status === 404) return this.end('not-found');
      // 401: the token this socket was opened with expired (the server closes it next): a fresh one, now
      if (message.status === 401) return this.resync(connection);
      return this.resync(connection); // 503 (store unreadable) and anything unexpected: start again
    }
    // pong: alive() has been told already
  }

  /** SSE: EventSource reconnects by itself after a drop (Last-Event-ID); we reopen when it gives up. */
  openEventSource(grant) {
    const url = new URL(grant.events_url ?? `/v2/runs/${encodeURIComponent(this.runId)}/events`, location.href);
    if (!url.searchParams.has('stream_token')) url.searchParams.set('stream_token', grant.token);
    if (this.lastSeq !== null) url.searchParams.set('after', String(this.lastSeq));
    const source = new EventSource(url);
    const connection = { transport: 'sse', closed: false, close: () => { connection.closed = true; source.close(); } };
    const expiresAt = Date.parse(grant.expires_at);
    source.onopen = () => {
      this.failures = 0;
      this.state('live');
    };
    const receive = (type, message) => {
      let data = {};
      try {
        data = JSON.parse(message.data); // {run_id, seq, type, created_at, payload}
      } catch {
        // keep the event with an empty payload rather than lose its place in the sequence
      }
      this.receive(connection, Number(message.lastEventId), type, data.payload, data.created_at);
    };
    for (const type of EVENT_TYPES) source.addEventListener(type, (e) => receive(type, e));
    source.onmessage = (e) => receive('message', e);
    source.onerror = () => {
      if (this.stopped || this.connection !== connection || connection.closed) return;
      if (source.readyState === EventSource.CONNECTING && Date.now() >= expiresAt) {
        // the server ended the stream because its token expired: EventSource would retry with that token
        // (a 401); a fresh one instead, at once. (A page clock behind the server's gets that 401, below.)
        return this.resync(connection);
      }
      if (source.readyState === EventSource.CONNECTING) {
        this.state('reconnecting');
      } else {
        connection.close();
        this.afterStreamRefused();
      }
    };
    return connection;
  }

  /**
   * EventSource gave up: the server (or a gateway) answered the stream with an error status, which the
   * page cannot see. Without asking, a run that is gone or has ended would be reconnected to for ever.
   */
  async afterStreamRefused() {
    this.state('reconnecting');
    let run;
    try {
      run = await api('GET', `/v1/tests/${encodeURIComponent(this.runId)}`);
    } catch (e) {
      if (this.stopped) return;
      if (e.status === 404) return this.end('not-found');
      if (e.status === 401) return this.end('unauthorized');
      return this.reopenWithBackoff(); // the API cannot answer either: try again, as after a drop
    }
    if (this.stopped) return;
    if (this.endedStatuses.has(run.status)) return this.end('ended', { run });
    this.reopenWithBackoff(); // from the last seq received, as after a drop
  }

  /** The one path every event takes, from either transport. */
  receive(connection, seq, type, payload, createdAt) {
    if (this.connection !== connection || connection.closed || this.stopped) return;
    if (!Number.isSafeInteger(seq)) return;
    if (this.lastSeq !== null && seq <= this.lastSeq) return; // replayed after a reconnect
    if (this.lastSeq !== null && seq > this.lastSeq + 1) {
      // seq is gap-free per run, so something was missed: ask again from the last one we have.
      return this.resync(connection);
    }
    this.lastSeq = seq;
    this.onEvent({ seq, type, payload: payload ?? {}, createdAt });
    if (!TERMINAL.has(type)) return;
    // SSE: the server closes the stream. WebSocket: the subscription is over when `end` arrives (closing at
    // once would race it); the timer covers an `end` that never comes.
    if (connection.transport !== 'websocket') return this.end('ended');
    clearTimeout(this.endTimer);
    this.endTimer = setTimeout(() => this.end('ended'), END_WITHIN_MS);
  }

  resync(connection) {
    if (this.connection !== connection || connection.closed) return;
    connection.close();
    this.reopen(0);
  }

  end(state, extra) {
    this.stop();
    this.state(state, extra);
  }

  reopenWithBackoff() {
    this.failures += 1;
    this.reopen(Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.failures - 1)));
  }

  reopen(delayMs) {
    clearTimeout(this.timer);
    this.state('waiting', { retryInMs: delayMs });
    this.timer = setTimeout(() => this.open(), delayMs);
  }
}

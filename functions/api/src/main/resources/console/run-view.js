// One run, live: status, the control buttons, the plan's steps with their progress, and the event log.
// Everything after the first load is driven by the run's event stream (run-stream.js).

import { api, ApiError } from './api.js';
import { announce, formatTime, h, icon, notFound, statusBadge, table } from './dom.js';
import { findingsPanel } from './findings.js';
import { RunStream } from './run-stream.js';

/**
 * The run lifecycle's rules, as the server states them (GET /v2/run-lifecycle, from RunLifecycle): which
 * statuses each control moves a run in, and the status after each lifecycle event. Read once per page;
 * a failed read is tried again by the next run view.
 */
let lifecycleRules;
function runLifecycle() {
  lifecycleRules ??= api('GET', '/v2/run-lifecycle').catch((e) => {
    lifecycleRules = undefined;
    throw e;
  });
  return lifecycleRules;
}

const CONNECTION_TEXT = {
  connecting: 'Connecting to the live event stream…',
  live: 'Live: events appear as they happen.',
  reconnecting: 'Disconnected. Reconnecting…',
  ended: 'The run has finished; the event stream is closed.',
};

export async function runView(main, runId, showError) {
  let run;
  try {
    run = await api('GET', `/v1/tests/${encodeURIComponent(runId)}`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return notFound(main, 'run', runId);
    throw e;
  }
  const [steps, lifecycle] = await Promise.all([planSteps(run), runLifecycle()]);
  const controls = lifecycle.controls; // action -> the statuses it moves a run in
  const statusAfter = lifecycle.status_after; // lifecycle event type -> the status after it
  document.title = `Run ${run.id} · ai-testing console`;

  const state = { status: run.status, streamLive: false, busy: false };

  const statusLine = h('p', { class: 'run-status', role: 'status', tabindex: '-1' });
  const connection = h('p', { class: 'connection', role: 'status', 'data-state': 'connecting' });
  const allowedNow = h('p', { class: 'hint', id: 'allowed-now' });
  const controlMessage = h('p', { class: 'control-message', role: 'alert' });
  const buttons = Object.fromEntries(Object.keys(controls).map((action) => [action,
    h('button', { type: 'button', class: `control control-${action}`, 'aria-describedby': 'allowed-now',
      onclick: () => control(action) }, action[0].toUpperCase() + action.slice(1))]));
  const stepList = h('ol', { class: 'timeline' }, steps.map((s) => s.row));
  const logBody = h('tbody');
  const findings = findingsPanel({
    label: 'Findings',
    path: `/v1/tests/${encodeURIComponent(run.id)}/findings`,
    exportPath: `/v1/tests/${encodeURIComponent(run.id)}/findings`,
    exportName: `run-${run.id}-findings`,
  });
  const notifications = h('section', { 'aria-labelledby': 'notifications-h' },
    h('h2', { id: 'notifications-h' }, 'Notifications'));
  const notificationsBody = h('div', { role: 'status' });
  notifications.append(notificationsBody);
  const showNotifications = (deliveries) => notificationsBody.replaceChildren(deliveries?.length
    ? table('Deliveries of this run\'s notifications', ['Transition', 'Channel', 'Outcome', 'Attempts', 'Last error'],
      deliveries.map((d) => [d.transition, d.channel, d.outcome, d.attempts,
        d.last_error ? `${d.last_error_message ?? d.last_error} (${d.last_error})` : 'none']))
    : h('p', {}, 'No notification sent for this run (none configured, or none due yet).'));
  showNotifications(run.notifications);
  // the notifier reports after the terminal event; look again once it has had time to deliver
  let notificationsReload = null;
  const reloadNotifications = () => {
    clearTimeout(notificationsReload);
    notificationsReload = setTimeout(() => api('GET', `/v1/tests/${encodeURIComponent(run.id)}`)
      .then((r) => showNotifications(r.notifications)).catch(() => {}), 3000);
  };
  // finding.created events come in bursts: one reload per burst, not one per event
  let findingsReload = null;
  const reloadFindings = () => {
    clearTimeout(findingsReload);
    findingsReload = setTimeout(findings.refresh, 250);
  };
  const logBox = h('div', { class: 'log', tabindex: '0', role: 'region', 'aria-label': 'Event log, oldest first' },
    h('table', {},
      h('caption', { class: 'visually-hidden' }, 'Events of this run'),
      h('thead', {}, h('tr', {}, ['Seq', 'Time', 'Event', 'Details'].map((t) => h('th', { scope: 'col' }, t)))),
      logBody));

  main.append(
    h('nav', { 'aria-label': 'Breadcrumb', class: 'breadcrumb' },
      h('a', { href: '#/' }, 'Engagements'), ' / ',
      h('a', { href: `#/engagements/${encodeURIComponent(run.engagement_id)}` }, 'Engagement'), ' / ',
      h('span', { 'aria-current': 'page' }, 'Run')),
    h('h1', {}, 'Run ', h('code', {}, run.id)),
    h('p', { class: 'run-mode', 'data-mode': run.mode }, run.mode === 'real'
      ? 'Real run: it probes its scope, and its findings are what was observed.'
      : 'Simulated run: nothing is probed; its progress and counts are invented.'),
    statusLine,
    connection,
    h('section', { 'aria-labelledby': 'controls-h', class: 'controls' },
      h('h2', { id: 'controls-h' }, 'Controls'),
      h('div', { role: 'group', 'aria-labelledby': 'controls-h', class: 'buttons' }, Object.values(buttons)),
      allowedNow,
      controlMessage),
    h('section', { 'aria-labelledby': 'steps-h' },
      h('h2', { id: 'steps-h' }, 'Steps'),
      steps.length ? stepList : h('p', {}, 'This run\'s plan has no steps.')),
    findings.element,
    notifications,
    h('section', { 'aria-labelledby': 'log-h' },
      h('h2', { id: 'log-h' }, 'Event log'),
      logBox));

  function render() {
    statusLine.replaceChildren('Status: ', statusBadge(state.status));
    const allowed = Object.keys(controls).filter((a) => controls[a].includes(state.status));
    for (const [action, button] of Object.entries(buttons)) {
      button.disabled = state.busy || !allowed.includes(action);
    }
    allowedNow.textContent = allowed.length
      ? `Allowed while ${state.status}: ${allowed.join(', ')}.`
      : `No control applies: the run is ${state.status}.`;
  }

  async function control(action) {
    state.busy = true;
    render();
    controlMessage.textContent = '';
    try {
      const result = await api('POST', `/v2/runs/${encodeURIComponent(run.id)}/control`, { action });
      // While the stream is live its events move the status; otherwise trust the answer.
      if (!state.streamLive) state.status = result.status;
      announce(`${action} accepted; the run is ${result.status}.`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return notFound(main, 'run', runId);
      const current = e.problem?.current_status;
      if (current) state.status = current;
      controlMessage.textContent = `${action[0].toUpperCase() + action.slice(1)} was refused: ${e.message}`;
    } finally {
      state.busy = false;
      render();
      // The pressed button may now be disabled; keep keyboard users in place rather than at the page top.
      if (document.activeElement === document.body || document.activeElement?.disabled) statusLine.focus();
    }
  }

  const stream = new RunStream(run.id, {
    ended: lifecycle.ended,
    onEvent(event) {
      logBody.append(logRow(event));
      if (logBox.scrollHeight - logBox.scrollTop - logBox.clientHeight < 80) logBox.scrollTop = logBox.scrollHeight;
      const next = statusAfter[event.type];
      if (next) state.status = next;
      updateStep(steps, event);
      if (event.type === 'finding.created' || statusAfter[event.type] === 'completed') reloadFindings();
      if (['run.started', 'run.completed', 'run.failed', 'run.aborted', 'notification.failed'].includes(event.type)) {
        reloadNotifications();
      }
      if (event.type === 'run.aborted' || event.type === 'run.failed') {
        // the step in flight will not finish: say so rather than leave it "running"
        for (const step of steps) if (step.state === 'running') setStepState(step, 'stopped');
      }
      render();
    },
    onState({ state: s, transport, retryInMs, run: ended }) {
      state.streamLive = s === 'live';
      if (s === 'not-found') return notFound(main, 'run', runId);
      if (s === 'unauthorized') return showError(new ApiError(401));
      if (ended) { // the stream was refused and the run had ended meanwhile: its final state, as read
        state.status = ended.status;
        showNotifications(ended.notifications);
        findings.refresh();
        render();
      }
      connection.dataset.state = s === 'waiting' ? 'reconnecting' : s;
      if (transport) connection.dataset.transport = transport; // websocket or sse: for whoever diagnoses a page
      connection.replaceChildren(s === 'waiting' && retryInMs > 0
        ? `Disconnected. Reconnecting in ${Math.ceil(retryInMs / 1000)} s…`
        : CONNECTION_TEXT[s === 'waiting' ? 'reconnecting' : s]);
    },
  });
  render();
  stream.start();
  findings.refresh();
  return () => {
    clearTimeout(findingsReload);
    clearTimeout(notificationsReload);
    stream.stop();
  };
}

/** The plan's steps, each with the row that shows it; events address steps by step_index. */
async function planSteps(run) {
  const plan = await api('GET', `/v1/plans/${encodeURIComponent(run.plan_id)}`);
  return plan.steps.map((step, index) => {
    const title = step.title;
    const s = {
      index,
      state: 'pending',
      stateLabel: h('span', { class: 'step-state' }),
      progress: h('progress', { max: 100, value: 0, 'aria-label': `${title} progress` }),
      percent: h('span', { class: 'percent' }, '0 %'),
      message: h('p', { class: 'step-message' }),
    };
    s.row = h('li', { class: 'step', 'data-state': 'pending' },
      s.stateLabel,
      h('span', { class: 'step-title' }, title),
      h('span', { class: 'step-progress' }, s.progress, s.percent),
      s.message);
    setStepState(s, 'pending');
    return s;
  });
}

function updateStep(steps, event) {
  const step = steps[event.payload?.step_index];
  if (!step) return;
  if (event.type === 'step.started') setStepState(step, 'running');
  if (event.type === 'step.progress') {
    setPercent(step, event.payload.percent);
    if (event.payload.message) step.message.textContent = event.payload.message;
  }
  if (event.type === 'step.completed') {
    setPercent(step, 100);
    setStepState(step, 'done');
    const summary = describe(event.payload.summary);
    if (summary) step.message.textContent = summary;
  }
}

function setStepState(step, state) {
  step.state = state;
  step.row.dataset.state = state;
  step.stateLabel.replaceChildren(icon(state), h('span', {}, state));
}

function setPercent(step, percent) {
  const p = Math.max(0, Math.min(100, Math.round(Number(percent) || 0)));
  step.progress.value = p;
  step.percent.textContent = `${p} %`;
}

function logRow(event) {
  return h('tr', { 'data-seq': event.seq, 'data-type': event.type },
    h('td', {}, event.seq),
    h('td', {}, formatTime(event.createdAt)),
    h('td', {}, h('code', {}, event.type)),
    h('td', {}, details(event.payload)));
}

/** One readable line per event: the fields people look for first, then who issued a control. */
function details(payload) {
  const parts = [
    payload.severity ? `[${payload.severity}]` : null,
    payload.title,
    payload.rule && !payload.title ? `blocked by ${payload.rule}` : null,
    payload.resolved_address ? `${payload.target ?? ''} -> ${payload.resolved_address}` : null,
    payload.percent !== undefined ? `${payload.percent} %` : null,
    payload.message,
    describe(payload.summary),
    payload.reason,
    payload.actor ? `by ${payload.actor.user}${payload.actor.email ? ` <${payload.actor.email}>` : ''}` : null,
  ].filter((p) => p !== undefined && p !== null && p !== '');
  return parts.length ? parts.join(' · ') : '';
}

/** A step's result summary ({headline, findings, targets, details}) in one line: its headline. */
function describe(summary) {
  if (summary === undefined || summary === null) return '';
  if (typeof summary === 'string') return summary;
  return summary.headline ?? JSON.stringify(summary);
}

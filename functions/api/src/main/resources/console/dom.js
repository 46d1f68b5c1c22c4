// Builds DOM nodes from data without innerHTML, so nothing the API returns is ever parsed as markup.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else if (name in el && typeof value !== 'string') el[name] = value;
    else el.setAttribute(name, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

const SVG = 'http://www.w3.org/2000/svg';

// Shapes, not colours, carry the meaning of a status; the text beside each icon says it in words.
const SHAPES = {
  queued: ['circle', { cx: 8, cy: 8, r: 5.5, fill: 'none', 'stroke-width': 2 }],
  pending: ['circle', { cx: 8, cy: 8, r: 5.5, fill: 'none', 'stroke-width': 2 }],
  running: ['path', { d: 'M4 2.5 L13.5 8 L4 13.5 Z' }],
  pausing: ['path', { d: 'M3.5 3 h3 v10 h-3 Z M9.5 3 h3 v10 h-3 Z', fill: 'none', 'stroke-width': 1.5 }],
  paused: ['path', { d: 'M3.5 3 h3 v10 h-3 Z M9.5 3 h3 v10 h-3 Z' }],
  completed: ['path', { d: 'M2.5 8.5 L6.5 12.5 L13.5 3.5', fill: 'none', 'stroke-width': 2.5 }],
  done: ['path', { d: 'M2.5 8.5 L6.5 12.5 L13.5 3.5', fill: 'none', 'stroke-width': 2.5 }],
  failed: ['path', { d: 'M3 3 L13 13 M13 3 L3 13', fill: 'none', 'stroke-width': 2.5 }],
  aborted: ['rect', { x: 3, y: 3, width: 10, height: 10 }],
  stopped: ['rect', { x: 3, y: 3, width: 10, height: 10 }],
  // severities: one more edge, and filled, for each step up
  info: ['circle', { cx: 8, cy: 8, r: 3 }],
  low: ['path', { d: 'M2.5 4 L13.5 4 L8 13 Z', fill: 'none', 'stroke-width': 1.5 }],
  medium: ['path', { d: 'M8 1.5 L14.5 8 L8 14.5 L1.5 8 Z', fill: 'none', 'stroke-width': 1.5 }],
  high: ['path', { d: 'M8 1.5 L14.5 13.5 L1.5 13.5 Z' }],
  critical: ['path', { d: 'M5.5 1.5 h5 l4 4 v5 l-4 4 h-5 l-4 -4 v-5 Z' }],
};

/** Severities from least to most serious, as the API names them. */
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'];

/** A severity as icon + word; like statuses, never colour alone. */
export function severityBadge(severity) {
  return h('span', { class: `badge severity-${severity}` }, icon(severity), h('span', {}, severity));
}

/** A duration in seconds as people say it: "45 s", "3 min 5 s", "2 h 4 min". */
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
}

export function icon(name) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('class', 'icon');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const [tag, attrs] = SHAPES[name] ?? SHAPES.pending;
  const shape = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) shape.setAttribute(k, v);
  svg.append(shape);
  return svg;
}

/** A status shown as icon + word, e.g. "▶ running"; the class only adds colour. */
export function statusBadge(status) {
  return h('span', { class: `badge badge-${status}` }, icon(status), h('span', {}, status));
}

export function announce(message) {
  const region = document.getElementById('announce');
  // Clearing first makes screen readers repeat an identical message.
  region.textContent = '';
  setTimeout(() => { region.textContent = message; }, 50);
}

export function formatTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleTimeString();
}

/** Says "not found" and nothing else: another tenant's object must not reveal that it exists. */
export function notFound(container, what, id) {
  document.title = 'Not found · ai-testing console';
  container.replaceChildren(
    h('h1', {}, 'Not found'),
    h('p', { class: 'notice', role: 'alert' }, `This ${what} was not found`, id ? ` (${id})` : '', '. ',
      'It may not exist, or it belongs to another tenant.'),
    h('p', {}, h('a', { href: '#/' }, 'Back to engagements')));
}

/** A data table: column headings, and the first cell of each row as its row heading. */
export function table(caption, headings, rows) {
  return h('table', {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headings.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c, i) =>
      i === 0 ? h('th', { scope: 'row' }, c) : h('td', {}, c))))));
}

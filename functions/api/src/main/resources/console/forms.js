// Form fields with labels, hints and the API's field errors shown next to the field they name.

import { h } from './dom.js';

let fieldCount = 0;

/**
 * A labelled control. {@code path} is the API's name for the value (e.g. "scope.in_scope_cidrs"), so an
 * error in the problem's errors[] ("scope.in_scope_cidrs[1]") finds its field.
 */
export function field({ label, path, hint, control = 'input', attrs = {}, options }) {
  const id = `f-${++fieldCount}`;
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
  const input = control === 'select'
    ? h('select', { id, name: path, ...attrs }, options.map(([value, text]) => h('option', { value }, text)))
    : h(control, { id, name: path, ...attrs });
  input.setAttribute('aria-describedby', [hintEl ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' '));
  const wrapper = h('div', { class: 'field', 'data-path': path }, h('label', { for: id }, label), input, hintEl, error);
  return { wrapper, input, error, path };
}

/** One line per entry of a textarea, blank lines dropped. */
export function lines(textarea) {
  return textarea.value.split('\n').map((l) => l.trim()).filter(Boolean);
}

export function clearErrors(fields) {
  for (const f of fields) {
    f.error.hidden = true;
    f.error.textContent = '';
    f.input.removeAttribute('aria-invalid');
  }
}

/**
 * Shows each error of a problem at the field whose path it names ("scope.in_scope_cidrs[1]" goes to
 * the in_scope_cidrs field as "entry 2: ..."), and returns the errors no field claimed.
 */
export function showErrors(fields, problemErrors, { prefixes = [] } = {}) {
  const unclaimed = [];
  for (const e of problemErrors ?? []) {
    let path = e.field ?? '';
    for (const prefix of prefixes) if (path.startsWith(prefix)) path = path.slice(prefix.length);
    const index = path.match(/\[(\d+)\]/);
    const target = fields.find((f) => path === f.path || path.startsWith(`${f.path}[`) || path.startsWith(`${f.path}.`));
    if (!target) {
      unclaimed.push(e);
      continue;
    }
    const where = index && path.startsWith(`${target.path}[`) ? `Entry ${Number(index[1]) + 1}: ` : '';
    const line = h('span', {}, `${where}${e.message}`);
    if (!target.error.hidden) target.error.append(h('br'));
    target.error.append(line);
    target.error.hidden = false;
    target.input.setAttribute('aria-invalid', 'true');
  }
  const first = fields.find((f) => !f.error.hidden);
  first?.input.focus();
  return unclaimed;
}

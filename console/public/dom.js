/**
 * Building the page from data. Every text goes in as a text node (`textContent`), never as HTML:
 * logged requests are written by callers, and must show as the text they are.
 */

/** An element: `h('td', { class: 'num' }, 'text', child)`. Attributes starting with `on` are listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name in el && typeof value !== 'string') el[name] = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces what an element holds. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A message line: `kind` is `error`, `warning`, `ok` or `note`. */
export const message = (kind, text) => h('p', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);

/** A labelled form field. */
export function field(label, input) {
  return h('label', {}, h('span', {}, label), input);
}

/** JSON as indented text, or the text itself when it was not JSON. */
export const pretty = (value) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

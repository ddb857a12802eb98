/** The operator parameters: the value in force, the default, where it comes from; change one. */
import { get, post } from '../api.js';
import { fill, h, message } from '../dom.js';

export async function paramsView() {
  const { params } = await get('api/params');
  const status = h('div', {});
  return h(
    'section',
    { class: 'params' },
    h('h1', {}, 'Parameters'),
    h('p', { class: 'note' }, 'The functions apply a change within their cache period (a second locally, 30 s in AWS).'),
    status,
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, ['Name', 'Value', 'Default', 'Source', 'Meaning', ''].map((t) => h('th', {}, t)))),
      h('tbody', {}, params.map((p) => row(p, status))),
    ),
  );
}

function row(param, status) {
  const known = param.default !== '';
  const input = h('input', { name: param.name, value: param.value, 'aria-label': `Value of ${param.name}`, size: 18 });
  const source = h('td', { class: 'source' }, param.source);
  async function save(event) {
    event.preventDefault();
    try {
      const saved = await post(`api/params/${encodeURIComponent(param.name)}`, { value: input.value });
      input.value = saved.value;
      source.textContent = saved.value === param.default ? 'set (= default)' : 'set';
      fill(status, message('ok', `${saved.full_name} = ${saved.value}`));
    } catch (error) {
      fill(status, message('error', error.message));
    }
  }
  return h(
    'tr',
    { 'data-param': param.name },
    h('td', { class: 'name' }, param.name),
    h('td', {}, known ? h('form', { onsubmit: save }, input) : param.value),
    h('td', { class: 'default' }, param.default),
    source,
    h('td', { class: 'doc' }, param.doc, param.accepts ? h('small', {}, ` (${param.accepts})`) : null),
    h('td', {}, known ? h('button', { type: 'button', onclick: save }, 'Save') : null),
  );
}

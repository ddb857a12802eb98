/** The API logs, newest first, filtered by time, route, state and model; older pages on demand. */
import { get } from '../api.js';
import { field, fill, h, message } from '../dom.js';

const ROUTES = ['create_data', 'update_data', 'create_update_data', 'search_data', 'call_function'];
const FILTERS = ['since', 'route', 'state', 'model'];

const select = (name, current, options) =>
  h('select', { name }, h('option', { value: '' }, 'any'), options.map((o) => h('option', { value: o, selected: o === current }, o)));

export async function logsView(query) {
  const inputs = {
    since: h('input', { name: 'since', value: query.get('since') ?? '', placeholder: '1h, 2d, 2026-03-01', size: 14 }),
    route: select('route', query.get('route') ?? '', ROUTES),
    state: select('state', query.get('state') ?? '', ['done', 'failed', 'dry_run', 'replayed']),
    model: h('input', { name: 'model', value: query.get('model') ?? '', placeholder: 'sale.order', size: 16 }),
  };
  const form = h(
    'form',
    { class: 'filters', onsubmit: (event) => apply(event) },
    field('Since', inputs.since),
    field('Route', inputs.route),
    field('State', inputs.state),
    field('Model', inputs.model),
    h('button', { type: 'submit' }, 'Filter'),
  );
  function apply(event) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of FILTERS) if (inputs[name].value.trim() !== '') next.set(name, inputs[name].value.trim());
    const hash = `#/logs${next.size > 0 ? `?${next}` : ''}`;
    if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
    else location.hash = hash;
  }

  const rows = h('tbody', {});
  const status = h('div', {});
  const more = h('button', { type: 'button', class: 'more', hidden: true, onclick: () => load() }, 'Older logs');
  let before = null;

  async function load() {
    const params = new URLSearchParams();
    for (const name of FILTERS) if (query.get(name)) params.set(name, query.get(name));
    if (before) params.set('before', before);
    more.disabled = true;
    try {
      const page = await get(`api/logs?${params}`);
      rows.append(...page.logs.map(row));
      before = page.next;
      more.hidden = !before;
      fill(status, rows.children.length === 0 ? message('note', 'No logs match.') : null);
    } finally {
      more.disabled = false;
    }
  }
  await load();
  return h(
    'section',
    { class: 'logs' },
    h('h1', {}, 'API logs'),
    form,
    h('table', {}, h('thead', {}, h('tr', {}, ['Time (UTC)', 'Log id', 'Route', 'Model', 'State', 'HTTP', 'Error', 'ms', 'Principal'].map((t) => h('th', {}, t)))), rows),
    status,
    more,
  );
}

function row(log) {
  return h(
    'tr',
    { class: log.state, 'data-log-id': log.log_id },
    h('td', { class: 'time' }, log.created_at.slice(0, 19).replace('T', ' ')),
    h('td', { class: 'id' }, h('a', { href: `#/log/${log.log_id}` }, log.log_id)),
    h('td', {}, log.function_name),
    h('td', {}, log.model ?? '–'),
    h('td', { class: 'state' }, log.state),
    h('td', { class: 'num' }, String(log.http_status)),
    h('td', {}, log.error_code ?? ''),
    h('td', { class: 'num' }, String(log.duration_ms)),
    h('td', {}, log.principal),
  );
}

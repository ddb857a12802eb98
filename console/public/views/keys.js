/** API keys: every key without its secret, a new key (shown once), a revocation (two clicks). */
import { get, post } from '../api.js';
import { field, fill, h, message } from '../dom.js';

const all = (list) => (list === null ? 'all' : list.join(', '));

export async function keysView() {
  const status = h('div', {});
  const rows = h('tbody', {});
  async function reload() {
    const { keys } = await get('api/keys');
    fill(rows, keys.map((k) => row(k, status, reload)));
  }
  await reload();
  return h(
    'section',
    { class: 'keys' },
    h('h1', {}, 'API keys'),
    createForm(status, reload),
    status,
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, ['Id', 'Name', 'Company', 'Companies', 'Routes', 'Models', 'Created', 'Revoked', ''].map((t) => h('th', {}, t)))),
      rows,
    ),
  );
}

function createForm(status, reload) {
  const inputs = {
    name: h('input', { name: 'name', required: true, size: 16 }),
    company_id: h('input', { name: 'company_id', value: '1', required: true, size: 4 }),
    allowed_company_ids: h('input', { name: 'allowed_company_ids', placeholder: '1,2 or all', size: 10 }),
    routes: h('input', { name: 'routes', placeholder: 'all', size: 18 }),
    models: h('input', { name: 'models', placeholder: 'all', size: 18 }),
  };
  async function submit(event) {
    event.preventDefault();
    const form = Object.fromEntries(Object.entries(inputs).map(([k, input]) => [k, input.value]));
    try {
      const made = await post('api/keys', form);
      inputs.name.value = '';
      fill(
        status,
        message('ok', `Key ${made.id} (${made.principal.name}) created. It is shown only this once; only its hash is kept:`),
        h('pre', { class: 'secret' }, made.key),
      );
      await reload();
    } catch (error) {
      fill(status, message('error', error.message));
    }
  }
  return h(
    'form',
    { class: 'create-key', onsubmit: submit },
    field('Name', inputs.name),
    field('Company id', inputs.company_id),
    field('Allowed companies', inputs.allowed_company_ids),
    field('Routes', inputs.routes),
    field('Models', inputs.models),
    h('button', { type: 'submit' }, 'Create key'),
  );
}

function row(key, status, reload) {
  const revoke = h('button', { type: 'button', onclick: () => ask(true) }, 'Revoke…');
  const confirm = h('button', { type: 'button', class: 'danger', hidden: true, onclick: () => send() }, 'Revoke now');
  const cancel = h('button', { type: 'button', hidden: true, onclick: () => ask(false) }, 'Cancel');
  function ask(asking) {
    revoke.hidden = asking;
    confirm.hidden = !asking;
    cancel.hidden = !asking;
  }
  async function send() {
    try {
      await post(`api/keys/${encodeURIComponent(key.id)}/revoke`);
      fill(status, message('ok', `Key ${key.id} (${key.name}) revoked.`));
      await reload();
    } catch (error) {
      fill(status, message('error', error.message));
    }
  }
  return h(
    'tr',
    { 'data-key-id': key.id, class: key.revoked_at ? 'revoked' : '' },
    h('td', { class: 'id' }, key.id),
    h('td', {}, key.name),
    h('td', { class: 'num' }, String(key.company_id)),
    h('td', {}, key.allowed_company_ids === 'all' ? 'all' : key.allowed_company_ids.join(', ')),
    h('td', {}, all(key.routes)),
    h('td', {}, all(key.models)),
    h('td', { class: 'time' }, key.created_at.slice(0, 19).replace('T', ' ')),
    h('td', { class: 'time revoked-at' }, key.revoked_at ? key.revoked_at.slice(0, 19).replace('T', ' ') : ''),
    h('td', {}, key.revoked_at ? null : [revoke, confirm, cancel]),
  );
}

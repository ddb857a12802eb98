/** One log: its fields, its whole request and response pretty-printed, and a replay. */
import { get, post } from '../api.js';
import { fill, h, message, pretty } from '../dom.js';

const SHOWN = ['created_at', 'route', 'model', 'state', 'http_status', 'error_code', 'duration_ms', 'principal', 'principal_id', 'company_id', 'request_id', 'source_ip', 'res_ids', 'data_size', 'result_size', 'attachment', 'attachment_error', 'rolled_back', 'replay_of'];

export async function logView(id) {
  const { log, data, result, complete } = await get(`api/logs/${id}`);
  const fields = h(
    'dl',
    { class: 'fields' },
    SHOWN.filter((name) => log[name] !== undefined && log[name] !== null).flatMap((name) => [
      h('dt', {}, name),
      h('dd', {}, name === 'replay_of' ? h('a', { href: `#/log/${log[name]}` }, log[name]) : typeof log[name] === 'object' ? JSON.stringify(log[name]) : String(log[name])),
    ]),
  );
  return h(
    'section',
    { class: 'log' },
    h('p', {}, h('a', { href: '#/logs' }, '← All logs')),
    h('h1', {}, `Log ${log.log_id}`),
    fields,
    complete ? null : message('note', 'Only the cut previews were saved: the request and response below are incomplete, and the request cannot be replayed.'),
    h('h2', {}, 'Request (params)'),
    h('pre', { class: 'json request' }, pretty(data)),
    h('h2', {}, 'Response'),
    h('pre', { class: 'json response' }, pretty(result)),
    complete ? replayPanel(log) : null,
  );
}

/**
 * Sends the request again to the same route, as the operator logged in: two clicks, since a replay
 * of a write writes again.
 */
function replayPanel(log) {
  const status = h('div', {});
  const confirm = h('button', { type: 'button', class: 'danger', hidden: true, onclick: () => send() }, `Send it again to ${log.route}`);
  const cancel = h('button', { type: 'button', hidden: true, onclick: () => toggle(false) }, 'Cancel');
  const start = h('button', { type: 'button', onclick: () => toggle(true) }, 'Replay…');
  function toggle(asking) {
    start.hidden = asking;
    confirm.hidden = !asking;
    cancel.hidden = !asking;
    fill(status, asking ? message('note', `This sends the request again as you: a write is made again.`) : null);
  }
  async function send() {
    confirm.disabled = true;
    try {
      const outcome = await post(`api/logs/${log.log_id}/replay`);
      fill(
        status,
        message(outcome.ok ? 'ok' : 'error', outcome.text),
        outcome.new_log_id ? h('p', {}, 'New log: ', h('a', { href: `#/log/${outcome.new_log_id}` }, outcome.new_log_id)) : null,
      );
    } catch (error) {
      fill(status, message('error', error.message));
    } finally {
      confirm.disabled = false;
      start.hidden = false;
      confirm.hidden = true;
      cancel.hidden = true;
    }
  }
  return h('div', { class: 'replay' }, h('h2', {}, 'Replay'), start, confirm, cancel, status);
}

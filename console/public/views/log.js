/** One log: its fields, its whole request and response pretty-printed, and a replay. */
import { get, post } from '../api.js';
import { fill, h, message, pretty } from '../dom.js';

const SHOWN = ['created_at', 'route', 'model', 'state', 'http_status', 'error_code', 'duration_ms', 'principal', 'principal_id', 'company_id', 'request_id', 'source_ip', 'res_ids', 'data_size', 'result_size', 'attachment', 'attachment_error', 'rolled_back', 'outcome_unknown', 'recovery', 'recovered_at', 'kept', 'replay_of', 'idempotency_key', 'original_log_id'];
/** Fields that name another log: shown as a link to it. */
const LINKS = ['replay_of', 'original_log_id'];

export async function logView(id) {
  const { log, data, result, complete, dry_run: dryRunFirst, successful_write: wrote } = await get(`api/logs/${id}`);
  const fields = h(
    'dl',
    { class: 'fields' },
    SHOWN.filter((name) => log[name] !== undefined && log[name] !== null).flatMap((name) => [
      h('dt', {}, name),
      h('dd', {}, LINKS.includes(name) ? h('a', { href: `#/log/${log[name]}` }, log[name]) : typeof log[name] === 'object' ? JSON.stringify(log[name]) : String(log[name])),
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
    complete ? replayPanel(log, dryRunFirst, wrote) : null,
  );
}

/**
 * Sends the request again to the same route, as the operator logged in. Where the route takes dry
 * runs, a dry run comes first (checked as the real call would be now, nothing written), then the
 * real send; elsewhere the send takes two clicks. A successful write (`wrote` says why it matters,
 * as `logs replay` does when it refuses one) is sent again only once the operator has read that
 * and confirmed: the API refuses it otherwise.
 */
function replayPanel(log, dryRunFirst, wrote) {
  const status = h('div', {});
  const start = h('button', { type: 'button', onclick: () => (dryRunFirst ? send(true) : ask()) }, dryRunFirst ? 'Dry run' : 'Replay…');
  const confirm = h('button', { type: 'button', class: 'danger', hidden: true, onclick: () => send(false) }, wrote ? `Send it again anyway to ${log.route}` : `Send it again to ${log.route}`);
  const cancel = h('button', { type: 'button', hidden: true, onclick: () => reset() }, 'Cancel');
  const buttons = [start, confirm, cancel];
  const show = (shown) => buttons.forEach((b) => (b.hidden = !shown.includes(b)));
  function ask(...before) {
    show([confirm, cancel]);
    const note = dryRunFirst ? 'The real send, as you: it writes what the dry run says.' : 'This sends the request again as you.';
    fill(status, ...before, wrote ? message('warning', `Not sent yet: ${wrote}.`) : message('note', note));
  }
  function reset() {
    show([start]);
    fill(status);
  }
  async function send(dryRun) {
    buttons.forEach((b) => (b.disabled = true));
    try {
      const outcome = await post(`api/logs/${log.log_id}/replay`, { dry_run: dryRun, force: !dryRun && Boolean(wrote) });
      const shown = [
        message(outcome.ok ? 'ok' : 'error', outcome.text),
        outcome.new_log_id ? h('p', {}, 'New log: ', h('a', { href: `#/log/${outcome.new_log_id}` }, outcome.new_log_id)) : null,
        dryRun && outcome.ok ? h('pre', { class: 'json would' }, pretty(outcome.answer?.result?.result ?? null)) : null,
      ];
      if (dryRun) ask(...shown);
      else {
        show([start]);
        fill(status, ...shown);
      }
    } catch (error) {
      show([start]);
      fill(status, message('error', error.message));
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  }
  return h('div', { class: 'replay' }, h('h2', {}, 'Replay'), dryRunFirst ? h('p', { class: 'note' }, 'A dry run first: checked as the call would run now, nothing written.') : null, ...buttons, status);
}

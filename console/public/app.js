/**
 * The operators' console: a page per hash (`#/logs`, `#/log/<id>`, `#/params`, `#/keys`), behind
 * a login with an operator's user and password.
 */
import { ApiError, currentSession, login, logout } from './api.js';
import { field, fill, h, message } from './dom.js';
import { keysView } from './views/keys.js';
import { logView } from './views/log.js';
import { logsView } from './views/logs.js';
import { paramsView } from './views/params.js';

const view = document.getElementById('view');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const logoutButton = document.getElementById('logout');

let session = null;

const VIEWS = [
  [/^#\/log\/([0-9A-Z]{26})$/, (m) => logView(m[1])],
  [/^#\/params$/, () => paramsView()],
  [/^#\/keys$/, () => keysView()],
  [/^#\/logs(?:\?(.*))?$/, (m) => logsView(new URLSearchParams(m[1] ?? ''))],
];

/** Shows the page the hash names (the logs by default); the login form while logged out. */
async function show() {
  if (!session) return showLogin();
  const hash = location.hash || '#/logs';
  const [pattern, render] = VIEWS.find(([p]) => p.test(hash)) ?? VIEWS[VIEWS.length - 1];
  for (const link of nav.querySelectorAll('a')) link.classList.toggle('active', hash.startsWith(link.getAttribute('href')) || (hash.startsWith('#/log/') && link.getAttribute('href') === '#/logs'));
  fill(view, h('p', { class: 'note' }, 'Loading…'));
  try {
    fill(view, await render(pattern.exec(hash) ?? []));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return loggedOut('Your session ended; log in again.');
    fill(view, message('error', error.message));
  }
}

function showLogin(note) {
  nav.hidden = true;
  logoutButton.hidden = true;
  who.textContent = '';
  const status = h('div', {});
  const loginInput = h('input', { name: 'login', autocomplete: 'username', required: true });
  const passwordInput = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = h(
    'form',
    { class: 'login', onsubmit: (event) => submit(event) },
    h('h1', {}, 'Log in'),
    h('p', { class: 'note' }, 'With a user created with users create --operator.'),
    field('Login', loginInput),
    field('Password', passwordInput),
    h('button', { type: 'submit' }, 'Log in'),
    status,
  );
  async function submit(event) {
    event.preventDefault();
    fill(status);
    try {
      session = await login(loginInput.value, passwordInput.value);
      loggedIn();
    } catch (error) {
      fill(status, message('error', error.message));
    }
  }
  fill(view, note ? message('note', note) : null, form);
  loginInput.focus();
}

function loggedIn() {
  nav.hidden = false;
  logoutButton.hidden = false;
  who.textContent = session.name === session.login ? session.login : `${session.name} (${session.login})`;
  show();
}

function loggedOut(note) {
  session = null;
  showLogin(note);
}

logoutButton.addEventListener('click', async () => {
  await logout().catch(() => undefined);
  loggedOut('Logged out.');
});
window.addEventListener('hashchange', () => show());

session = await currentSession().catch(() => null);
if (session) loggedIn();
else showLogin();

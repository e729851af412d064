// The single page: checks the session, shows the login form or the view named in the URL, and keeps the header.
// Each view module exports mount(root, {session}) -> { update(state), destroy() }; session is {username, role} (or
// {anonymous: true}), for views that offer operators more than viewers.

import { api, setCsrfToken } from './api.js';
import { readState, navigate, stateUrl } from './state.js';
import { esc } from './format.js';
import { renderLogin } from './login.js';
import * as search from './search.js';
import * as timeline from './timeline.js';
import * as transaction from './transaction.js';
import * as transactions from './transactions.js';
import * as tail from './tail.js';
import * as dashboards from './dashboards.js';
import * as alerts from './alerts.js';
import * as license from './license.js';
import * as cluster from './cluster.js';

const VIEWS = { search, correlate: timeline, transaction, transactions, tail, dashboards, alerts, license, cluster };
const NAV = [
  ['search', 'Search'],
  ['transactions', 'Transactions'],
  ['tail', 'Live tail'],
  ['dashboards', 'Dashboards'],
  ['alerts', 'Alerts'],
  ['cluster', 'Cluster'],
  ['license', 'License'],
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const userBox = document.getElementById('user');

let session = null; // {username, role} or {anonymous: true} when the server has no authentication
let current = null; // {name, view}

function navTarget(name) {
  const s = readState();
  if (name === 'search') return { view: 'search', q: s.q, from: s.from, to: s.to };
  if (name === 'dashboards') return dashboards.dashState();
  if (name === 'alerts') return { view: 'alerts' };
  if (name === 'license') return { view: 'license' };
  if (name === 'cluster') return { view: 'cluster' };
  if (name === 'transactions') return { view: 'transactions', key: s.key || 'alarm_id', q: s.view === 'search' ? s.q : '', from: s.from, to: s.to };
  return { view: 'tail', q: s.view === 'search' || s.view === 'tail' ? s.q : '' };
}

function renderHeader() {
  const s = readState();
  const active = s.view === 'correlate' || s.view === 'transaction' ? (s.view === 'transaction' ? 'transactions' : 'search') : s.view;
  nav.innerHTML = session
    ? NAV.map(([name, label]) => `<a href="${esc(stateUrl(navTarget(name)))}" data-nav="1" id="nav-${name}" class="${name === active ? 'active' : ''}">${label}</a>`).join('')
    : '';
  if (!session || session.anonymous) {
    userBox.innerHTML = session && session.anonymous ? '<span class="muted" title="this server does not ask for a login">no login</span>' : '';
    return;
  }
  userBox.innerHTML = `<span class="who" title="role: ${esc(session.role)}">${esc(session.username)} <span class="role">${esc(session.role)}</span></span>
    <button type="button" id="logout" class="btn-dark">Log out</button>`;
  userBox.querySelector('#logout').addEventListener('click', logout);
}

function render() {
  if (!session) return;
  renderHeader();
  const s = readState();
  const name = VIEWS[s.view] ? s.view : 'search';
  if (!current || current.name !== name) {
    if (current) current.view.destroy();
    main.innerHTML = '';
    const root = document.createElement('div');
    root.className = 'view view-' + name;
    main.appendChild(root);
    current = { name, view: VIEWS[name].mount(root, { session }) };
  }
  current.view.update(s);
}

function showLogin(message) {
  if (current) current.view.destroy();
  current = null;
  session = null;
  setCsrfToken(null);
  renderHeader();
  main.innerHTML = '';
  renderLogin(main, {
    message,
    onLogin(me) {
      session = me;
      setCsrfToken(me.csrfToken);
      main.innerHTML = '';
      render();
    },
  });
}

async function logout() {
  try {
    await api('/auth/logout', { method: 'POST' });
  } catch (e) {
    // the session may already be gone: the login form is the right answer either way
  }
  showLogin('You have logged out.');
}

// a link in the #/<view> form (#/cluster) opens that view: the state lives in the query string
function hashRoute() {
  const m = /^#\/([a-z]+)$/.exec(window.location.hash);
  if (!m || !VIEWS[m[1]]) return false;
  window.history.replaceState(null, '', stateUrl({ view: m[1] }));
  return true;
}

async function boot() {
  hashRoute();
  window.addEventListener('popstate', render);
  window.addEventListener('hashchange', () => {
    if (hashRoute()) render();
  });
  window.addEventListener('triad:navigate', render);
  window.addEventListener('triad:unauthorized', () => {
    if (session && !session.anonymous) showLogin('Your session has ended; please log in again.');
    else if (session && session.anonymous) showLogin();
  });
  document.addEventListener('click', (e) => {
    const a = e.target.closest('a[data-nav]');
    if (!a || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    const url = new URL(a.href, window.location.href);
    navigate(readState(url.search));
  });
  try {
    const me = await api('/auth/me');
    session = me;
    setCsrfToken(me.csrfToken);
  } catch (e) {
    if (e.status === 401) {
      showLogin();
      return;
    }
    if (e.status === 404) {
      session = { anonymous: true }; // a server without authentication
    } else {
      main.innerHTML = `<div class="page-error">Cannot reach the appliance: ${esc(e.message)}</div>`;
      return;
    }
  }
  render();
}

boot();

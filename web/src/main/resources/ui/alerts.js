// The Alerts view: the active alerts of the shortage rules (firing critical first), the silences and maintenance
// windows, and a form that creates a silence (operator or admin). It polls /api/v1/alerts and /api/v1/silences every
// 15 s while shown.

import { api, isAbort } from './api.js';
import { esc, fmtDuration } from './format.js';
import { activeAlerts } from './dashpanel.js';

const REFRESH_MS = 15_000;
const MATCHER = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(,|$)/y;

/**
 * Matchers in PromQL notation (`alertname="VolumeFillingUp", host=~"eap-.*"`) as Alertmanager's
 * [{name, value, isRegex, isEqual}]; throws an Error naming the position of the first mistake.
 */
export function parseMatchers(text) {
  const out = [];
  const s = text.trim().replace(/^\{/, '').replace(/\}$/, '');
  MATCHER.lastIndex = 0;
  while (MATCHER.lastIndex < s.length) {
    const at = MATCHER.lastIndex;
    const m = MATCHER.exec(s);
    if (!m) throw new Error(`expected name="value" (or !=, =~, !~) at position ${at + 1}: ${s.slice(at, at + 20)}`);
    out.push({
      name: m[1],
      value: m[3].replace(/\\(.)/g, '$1'),
      isRegex: m[2] === '=~' || m[2] === '!~',
      isEqual: m[2] === '=' || m[2] === '=~',
    });
  }
  if (!out.length) throw new Error('enter at least one matcher, e.g. alertname="VolumeFillingUp"');
  return out;
}

function matcherText(m) {
  const op = m.isRegex ? (m.isEqual ? '=~' : '!~') : (m.isEqual ? '=' : '!=');
  return `${m.name}${op}"${String(m.value).replace(/["\\]/g, '\\$&')}"`;
}

export function mount(root) {
  root.innerHTML = `
    <div class="alerts-page">
      <section><h2>Active alerts <span id="alerts-count" class="muted small"></span></h2>
        <div id="alerts-list" class="alerts-list muted">loading…</div></section>
      <section><h2>New silence or maintenance window</h2>
        <form id="silence-form" class="silence-form">
          <label>Matchers <input id="silence-matchers" size="60" placeholder='alertname="VolumeFillingUp", host=~"eap-.*"'></label>
          <label>Starts <input id="silence-start" placeholder="now (or 2026-12-01T22:00:00Z)" size="24"></label>
          <label>Duration <input id="silence-duration" value="2h" size="6"></label>
          <label>Comment <input id="silence-comment" size="40" placeholder="why"></label>
          <button type="submit" id="silence-create">Create</button>
          <span id="silence-message" class="small"></span>
        </form>
        <p class="muted small">A silence mutes webhooks for the alerts it matches; they still change state and are
          logged. A maintenance window is a silence that starts later and matches a site or component.</p></section>
      <section><h2>Silences</h2><div id="silences-list" class="silences-list muted">loading…</div></section>
    </div>`;
  const alertsBox = root.querySelector('#alerts-list');
  const silencesBox = root.querySelector('#silences-list');
  const message = root.querySelector('#silence-message');
  let controller = null;
  let timer = null;

  async function load() {
    if (controller) controller.abort();
    controller = new AbortController();
    const { signal } = controller;
    try {
      const [alerts, silences] = await Promise.all([api('/alerts', { signal }), api('/silences', { signal })]);
      drawAlerts(activeAlerts(alerts));
      drawSilences(silences || []);
    } catch (e) {
      if (!isAbort(e)) alertsBox.innerHTML = `<div class="error">${esc(e.message)}</div>`;
    }
  }

  function drawAlerts(list) {
    root.querySelector('#alerts-count').textContent = list.length ? `(${list.length})` : '';
    if (!list.length) {
      alertsBox.innerHTML = '<div class="dp-allclear">No active alerts.</div>';
      return;
    }
    const now = Date.now();
    alertsBox.innerHTML = `<table class="alerts-table"><thead><tr><th>Severity</th><th>Alert</th><th>Site / host</th>
      <th>Since</th><th>Value</th><th>Summary</th><th></th></tr></thead><tbody>${list.map((a, i) => {
      const l = a.labels || {};
      const sev = a.state === 'firing' ? l.severity : 'pending';
      const since = Date.parse(a.firedAt || a.activeAt);
      return `<tr class="dp-alert lv-${esc(sev)}" data-alertname="${esc(l.alertname)}">
        <td class="dp-alert-sev">${esc(sev)}</td><td>${esc(l.alertname)}</td>
        <td>${esc([l.site, l.host || l.instance].filter(Boolean).join(' / '))}</td>
        <td title="${esc(a.activeAt)}">${Number.isFinite(since) ? esc(fmtDuration(Math.max(0, now - since))) : ''}</td>
        <td>${esc(a.value)}</td>
        <td>${esc((a.annotations && a.annotations.summary) || '')}${a.silencedBy && a.silencedBy.length ? ' <span class="muted small">(silenced)</span>' : ''}</td>
        <td><button type="button" class="link" data-silence="${i}">Silence…</button></td></tr>`;
    }).join('')}</tbody></table>`;
    alertsBox.querySelectorAll('button[data-silence]').forEach((b) => b.addEventListener('click', () => {
      const l = list[Number(b.dataset.silence)].labels || {};
      const keys = ['alertname', 'site', 'host', 'mountpoint', 'component'].filter((k) => l[k]);
      root.querySelector('#silence-matchers').value = keys.map((k) => matcherText({ name: k, value: l[k], isRegex: false, isEqual: true })).join(', ');
      root.querySelector('#silence-comment').focus();
    }));
  }

  function drawSilences(list) {
    if (!list.length) {
      silencesBox.innerHTML = '<div class="muted">No silences.</div>';
      return;
    }
    silencesBox.innerHTML = `<table class="alerts-table"><thead><tr><th>Id</th><th>State</th><th>Matchers</th>
      <th>Starts</th><th>Ends</th><th>By</th><th>Comment</th><th></th></tr></thead><tbody>${[...list].reverse().map((s) => `
      <tr data-silence-id="${esc(s.id)}" class="silence-${esc(s.status.state)}"><td>${esc(s.id)}</td><td>${esc(s.status.state)}</td>
        <td class="mono">${esc(s.matchers.map(matcherText).join(', '))}</td><td>${esc(s.startsAt)}</td><td>${esc(s.endsAt)}</td>
        <td>${esc(s.createdBy)}</td><td>${esc(s.comment)}</td>
        <td>${s.status.state === 'expired' ? '' : `<button type="button" class="link" data-expire="${esc(s.id)}">Expire</button>`}</td></tr>`).join('')}
      </tbody></table>`;
    silencesBox.querySelectorAll('button[data-expire]').forEach((b) => b.addEventListener('click', async () => {
      try {
        await api('/silences/' + encodeURIComponent(b.dataset.expire), { method: 'DELETE' });
        load();
      } catch (e) {
        message.textContent = e.message;
        message.className = 'small error';
      }
    }));
  }

  root.querySelector('#silence-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    message.textContent = '';
    try {
      const body = {
        matchers: parseMatchers(root.querySelector('#silence-matchers').value),
        duration: root.querySelector('#silence-duration').value.trim(),
        comment: root.querySelector('#silence-comment').value,
      };
      const start = root.querySelector('#silence-start').value.trim();
      if (start && start !== 'now') body.startsAt = start;
      const r = await api('/silences', { method: 'POST', body });
      message.textContent = `silence ${r.silenceID} created`;
      message.className = 'small';
      load();
    } catch (err) {
      message.textContent = err.message;
      message.className = 'small error';
    }
  });

  return {
    update() {
      if (timer === null) {
        load();
        timer = setInterval(load, REFRESH_MS);
      }
    },
    destroy() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      if (controller) controller.abort();
    },
  };
}

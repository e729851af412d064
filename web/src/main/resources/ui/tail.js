// Live tail: Server-Sent Events from /api/v1/tail?q=..., newest on top, at most MAX_ROWS rows. Pause keeps the stream
// open and holds new events (up to MAX_ROWS; beyond that they are counted as skipped), resume shows them. The
// server's "skipped" events (this client fell behind) become marker rows.

import { api, apiUrl } from './api.js';
import { esc, fmtCount, fmtTime, sevClass, sevName } from './format.js';
import { update } from './state.js';

export const MAX_ROWS = 1000;

export function mount(root) {
  root.innerHTML = `
    <div class="toolbar">
      <form class="tail-form" id="tail-form">
        <input id="tail-query" class="query" spellcheck="false" placeholder="Filter the stream, e.g. severity:[emerg TO warning] or host:eep-1">
        <button type="submit" class="btn-primary" id="tail-apply">Apply</button>
      </form>
      <button type="button" class="btn" id="tail-pause">Pause</button>
      <button type="button" class="btn" id="tail-clear">Clear</button>
      <span id="tail-status" class="status"></span>
      <span id="tail-count" class="muted small"></span>
    </div>
    <div id="tail-error" class="error" hidden></div>
    <table class="hits tail" id="tail-table">
      <colgroup><col class="c-time"><col class="c-sev"><col class="c-host"><col class="c-comp"><col></colgroup>
      <thead><tr><th>Time (UTC)</th><th>Sev</th><th>Host</th><th>Component</th><th>Message <span class="muted small">(newest first)</span></th></tr></thead>
      <tbody id="tail-rows"></tbody>
    </table>`;
  const input = root.querySelector('#tail-query');
  const pauseBtn = root.querySelector('#tail-pause');
  const status = root.querySelector('#tail-status');
  const countBox = root.querySelector('#tail-count');
  const errorBox = root.querySelector('#tail-error');
  const tbody = root.querySelector('#tail-rows');
  let source = null;
  let query = null;
  let paused = false;
  let held = []; // events received while paused (or not yet drawn), oldest first
  let heldSkipped = 0;
  let received = 0;
  let frame = 0;
  let generation = 0; // of connect(): a newer call or destroy() makes an older one stop
  let connecting = false;

  const setStatus = (cls, text) => {
    status.className = 'status ' + cls;
    status.textContent = text;
    root.dataset.state = cls;
  };

  const rowHtml = (e) => `<tr class="hit ${sevClass(e.severity)}" data-id="${esc(e.id)}">
      <td class="t">${esc(fmtTime(e.timestamp))}</td>
      <td class="sev"><span class="badge ${sevClass(e.severity)}">${esc(sevName(e.severity))}</span></td>
      <td class="host">${esc(e.host)}</td><td class="comp">${esc(e.component || e.app || '')}</td>
      <td class="msg">${esc(e.message)}</td></tr>`;
  const skippedHtml = (n) => `<tr class="skipped"><td colspan="5">⋯ skipped ${fmtCount(n)} events: this view fell behind the stream ⋯</td></tr>`;

  function flush() {
    frame = 0;
    if (paused || held.length === 0) return;
    // held is oldest first; the newest goes on top
    let out = '';
    for (let i = held.length - 1; i >= 0; i--) {
      const h = held[i];
      out += h.skipped !== undefined ? skippedHtml(h.skipped) : rowHtml(h);
    }
    held = [];
    const empty = tbody.querySelector('tr.empty');
    if (empty) empty.remove();
    tbody.insertAdjacentHTML('afterbegin', out);
    while (tbody.rows.length > MAX_ROWS) tbody.deleteRow(-1);
    countBox.textContent = `${fmtCount(received)} received`;
  }

  function hold(item) {
    held.push(item);
    if (held.length > MAX_ROWS) {
      const dropped = held.splice(0, held.length - MAX_ROWS);
      for (const d of dropped) heldSkipped += d.skipped !== undefined ? d.skipped : 1;
      held.unshift({ skipped: heldSkipped });
      heldSkipped = 0;
    }
    if (paused) countBox.textContent = `${fmtCount(received)} received · ${fmtCount(held.length)} held until Resume`;
    else if (!frame) frame = setTimeout(flush, 40);
  }

  async function explainFailure(url) {
    // EventSource hides the status of a failed connection; ask once with fetch and stop reading at the headers
    const ac = new AbortController();
    try {
      const r = await fetch(url, { credentials: 'same-origin', signal: ac.signal, headers: { Accept: 'text/event-stream', 'X-Requested-With': 'XMLHttpRequest' } });
      ac.abort();
      if (r.status === 401) return 'not logged in (401)';
      if (r.status === 404) return 'live tail is not available on this server yet (404)';
      if (r.status === 400) return 'the filter is not a valid query (400)';
      return r.ok ? null : `HTTP ${r.status}`;
    } catch {
      return null;
    }
  }

  async function connect(q) {
    if (source) source.close();
    source = null;
    query = q;
    const mine = ++generation;
    connecting = true;
    // EventSource cannot send X-Requested-With: check the session first, so an expired one shows the login form
    // rather than the browser's own password dialog
    try {
      await api('/auth/me');
    } catch (e) {
      if (e.status === 401) {
        connecting = false;
        return;
      }
    }
    if (mine !== generation) return;
    connecting = false;
    errorBox.hidden = true;
    const url = apiUrl('/tail', { q });
    setStatus('connecting', 'connecting…');
    const es = new EventSource(url, { withCredentials: true });
    source = es;
    es.onopen = () => {
      if (source === es) setStatus(paused ? 'paused' : 'live', paused ? 'paused' : 'live');
    };
    es.addEventListener('event', (m) => {
      try {
        received++;
        hold(JSON.parse(m.data));
      } catch (e) {
        // a malformed event is skipped; the stream goes on
      }
    });
    es.addEventListener('skipped', (m) => {
      try {
        hold({ skipped: Number(JSON.parse(m.data).skipped) || 0 });
      } catch (e) {
        hold({ skipped: 0 });
      }
    });
    es.onerror = async () => {
      if (source !== es) return;
      if (es.readyState === EventSource.CLOSED) {
        setStatus('down', 'disconnected');
        const why = await explainFailure(url);
        errorBox.textContent = `Live tail stopped${why ? ': ' + why : ''}.`;
        errorBox.hidden = false;
        if (why && why.includes('401')) window.dispatchEvent(new CustomEvent('triad:unauthorized', { detail: { path: '/tail' } }));
      } else {
        setStatus('connecting', 'reconnecting…');
      }
    };
  }

  root.querySelector('#tail-form').addEventListener('submit', (e) => {
    e.preventDefault();
    update({ q: input.value.trim() });
  });
  pauseBtn.addEventListener('click', () => {
    paused = !paused;
    pauseBtn.textContent = paused ? 'Resume' : 'Pause';
    pauseBtn.classList.toggle('btn-primary', paused);
    if (source && source.readyState === EventSource.OPEN) setStatus(paused ? 'paused' : 'live', paused ? 'paused' : 'live');
    if (!paused) flush();
  });
  root.querySelector('#tail-clear').addEventListener('click', () => {
    tbody.innerHTML = '';
    held = [];
  });
  tbody.innerHTML = '<tr class="empty"><td colspan="5">Waiting for new events…</td></tr>';

  return {
    update(s) {
      const q = s.q || '';
      input.value = q;
      if (q !== query || (!source && !connecting) || (source && source.readyState === EventSource.CLOSED)) {
        tbody.innerHTML = '<tr class="empty"><td colspan="5">Waiting for new events…</td></tr>';
        held = [];
        connect(q);
      }
    },
    destroy() {
      generation++;
      if (source) source.close();
      source = null;
      if (frame) clearTimeout(frame);
    },
  };
}

// Transactions grouped by a correlation key (/transactions?key=...): a table sortable by duration, event count and
// start; a row opens the transaction.

import { api, isAbort } from './api.js';
import { esc, fmtCount, fmtDuration, fmtTime, isoMillis } from './format.js';
import { readState, stateUrl, update } from './state.js';
import { createTimePicker } from './timepicker.js';

const KEYS = ['alarm_id', 'trace_id', 'correlation_id', 'request_id', 'session', 'span_id'];
const SORTS = { duration: 'duration_ms', count: 'count', start: 'start' };

export function mount(root) {
  root.innerHTML = `
    <div class="toolbar">
      <form class="tx-form" id="tx-form">
        <label>Key <input id="tx-key" list="tx-keys" spellcheck="false" required><datalist id="tx-keys">${KEYS.map((k) => `<option value="${k}">`).join('')}</datalist></label>
        <label class="grow">Filter <input id="tx-q" class="query" spellcheck="false" placeholder="optional query, e.g. component:EAP"></label>
        <button type="submit" class="btn-primary" id="tx-submit">Show</button>
      </form>
      <div class="tp" id="tx-timepicker"></div>
    </div>
    <div class="results-head"><span id="tx-summary-line"></span><span id="tx-timing" class="muted small"></span></div>
    <div id="tx-error" class="error" hidden></div>
    <table class="hits tx-table" id="tx-table">
      <thead><tr>
        <th>Value</th>
        <th class="sortable" data-sort="start">Start (UTC)</th>
        <th class="sortable num" data-sort="duration">Duration</th>
        <th class="sortable num" data-sort="count">Events</th>
        <th>Components</th><th>Error</th><th>First message</th>
      </tr></thead>
      <tbody></tbody>
    </table>`;
  const form = root.querySelector('#tx-form');
  const keyInput = root.querySelector('#tx-key');
  const qInput = root.querySelector('#tx-q');
  const tbody = root.querySelector('tbody');
  const table = root.querySelector('#tx-table');
  const error = root.querySelector('#tx-error');
  const summaryLine = root.querySelector('#tx-summary-line');
  const timing = root.querySelector('#tx-timing');
  const timePicker = createTimePicker(root.querySelector('#tx-timepicker'), {
    onChange: (from, to) => update({ from, to }),
  });
  let controller = null;
  let shown = null;
  let rows = [];
  let sort = { by: 'duration', desc: true };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    update({ key: keyInput.value.trim(), q: qInput.value.trim() });
  });
  table.querySelector('thead').addEventListener('click', (e) => {
    const th = e.target.closest('[data-sort]');
    if (!th) return;
    const by = th.dataset.sort;
    sort = { by, desc: sort.by === by ? !sort.desc : true };
    update({ sort: (sort.desc ? '' : '+') + by }, { push: false, quiet: true });
    draw();
  });

  function draw() {
    const f = SORTS[sort.by];
    const value = (t) => (f === 'start' ? isoMillis(t.start) || 0 : Number(t[f]) || 0);
    const sorted = [...rows].sort((a, b) => (sort.desc ? value(b) - value(a) : value(a) - value(b)));
    for (const th of table.querySelectorAll('[data-sort]')) {
      th.classList.toggle('sorted', th.dataset.sort === sort.by);
      th.dataset.dir = th.dataset.sort === sort.by ? (sort.desc ? 'desc' : 'asc') : '';
    }
    const s = readState();
    tbody.innerHTML = sorted.length
      ? sorted.map((t) => `<tr class="tx-row ${t.error ? 'sev-3' : ''}" data-value="${esc(t.value)}">
          <td><a class="link" data-nav="1" href="${esc(stateUrl({ view: 'transaction', name: s.key, value: t.value, from: s.from, to: s.to }))}">${esc(t.value)}</a></td>
          <td class="t">${esc(fmtTime(t.start))}</td>
          <td class="num duration">${esc(fmtDuration(t.duration_ms))}</td>
          <td class="num count">${fmtCount(t.count)}</td>
          <td class="small">${(t.components || []).map(esc).join(' → ')}</td>
          <td>${t.error ? '<span class="flag err">error</span>' : ''}</td>
          <td class="msg">${esc(t.first_message || '')}</td></tr>`).join('')
      : '<tr class="empty"><td colspan="7">No transactions with this key in this time range.</td></tr>';
  }

  async function load(s) {
    const key = s.key || 'alarm_id';
    const sortParam = (s.sort || 'duration').replace(/^\+/, '');
    sort = { by: SORTS[sortParam] ? sortParam : 'duration', desc: !(s.sort || '').startsWith('+') };
    const id = `${key}|${s.q}|${s.from}|${s.to}`;
    keyInput.value = key;
    qInput.value = s.q || '';
    timePicker.set(s.from, s.to);
    if (id === shown) {
      draw();
      return;
    }
    shown = id;
    if (controller) controller.abort();
    controller = new AbortController();
    error.hidden = true;
    table.dataset.state = 'loading';
    tbody.classList.add('stale');
    try {
      const r = await api('/transactions', {
        params: { key, q: s.q, from: s.from, to: s.to, sort: sort.by, limit: 500 },
        signal: controller.signal,
      });
      rows = r.transactions || [];
      summaryLine.innerHTML = `<b>${fmtCount(rows.length)}</b> transactions by <b>${esc(r.key || key)}</b>${r.truncated ? ' <span class="muted">(truncated)</span>' : ''}`;
      timing.textContent = `took ${r.took_ms} ms`;
      draw();
      table.dataset.state = 'ready';
    } catch (e) {
      if (isAbort(e)) return;
      rows = [];
      tbody.innerHTML = '';
      table.dataset.state = 'error';
      error.textContent = e.status === 404 && /^HTTP 404/.test(e.message)
        ? 'Transactions are not available on this server yet (404).'
        : e.message;
      error.hidden = false;
    } finally {
      tbody.classList.remove('stale');
    }
  }

  return {
    update(s) {
      load(s);
    },
    destroy() {
      if (controller) controller.abort();
      timePicker.destroy();
    },
  };
}

// One transaction (/correlation/{name}/{value}): duration, components in order of first appearance, sites, whether an
// event is an error, the events on swimlanes and as a list.

import { api, isAbort } from './api.js';
import { esc, fmtCount, fmtDuration, fmtTime, sevClass, sevName, clause } from './format.js';
import { drawTimeline, laneOf } from './timeline.js';
import { renderEventDetail } from './event.js';
import { readState, stateUrl } from './state.js';

export function mount(root) {
  root.innerHTML = `
    <div class="view-head">
      <a class="back link" data-nav="1" id="tx-back" href="/">← transactions</a>
      <h2 id="tx-title">Transaction</h2>
      <span id="tx-flag"></span>
      <span class="spacer"></span>
      <a class="btn" data-nav="1" id="tx-search" href="/">Search these events</a>
    </div>
    <div class="panel tx-summary" id="tx-summary"></div>
    <div class="panel"><div id="tx-timeline" class="timeline"></div></div>
    <div class="panel" id="tx-picked" hidden></div>
    <table class="hits" id="tx-events"><thead><tr><th>Time (UTC)</th><th>Lane</th><th>Sev</th><th>Host</th><th>Message</th></tr></thead><tbody></tbody></table>`;
  const summary = root.querySelector('#tx-summary');
  const box = root.querySelector('#tx-timeline');
  const picked = root.querySelector('#tx-picked');
  const tbody = root.querySelector('#tx-events tbody');
  let controller = null;
  let shown = null;
  let byId = new Map();

  const pick = (ev) => {
    picked.hidden = false;
    renderEventDetail(picked, ev, { compact: true });
  };
  tbody.addEventListener('click', (e) => {
    const row = e.target.closest('tr[data-id]');
    if (row && byId.has(row.dataset.id)) pick(byId.get(row.dataset.id));
  });

  async function load(s) {
    const key = `${s.name}|${s.value}|${s.from}|${s.to}`;
    if (key === shown) return;
    shown = key;
    root.querySelector('#tx-title').textContent = `${s.name} = ${s.value}`;
    root.querySelector('#tx-back').href = stateUrl({ view: 'transactions', key: s.name, from: s.from, to: s.to });
    root.querySelector('#tx-search').href = stateUrl({ view: 'search', q: clause('correlation.' + s.name, s.value), from: s.from, to: s.to });
    if (controller) controller.abort();
    controller = new AbortController();
    summary.dataset.state = 'loading';
    summary.innerHTML = '<span class="muted">loading…</span>';
    try {
      const t = await api(`/correlation/${encodeURIComponent(s.name)}/${encodeURIComponent(s.value)}`, {
        params: { from: s.from, to: s.to },
        signal: controller.signal,
      });
      const events = t.events || [];
      byId = new Map(events.map((e) => [e.id, e]));
      root.querySelector('#tx-flag').innerHTML = t.error ? '<span class="flag err">error</span>' : '<span class="flag ok">no errors</span>';
      summary.innerHTML = `
        <div class="facts">
          <div><span class="fact-label">duration</span><span class="fact" id="tx-duration">${esc(fmtDuration(t.duration_ms))}</span></div>
          <div><span class="fact-label">events</span><span class="fact">${fmtCount(t.count)}</span></div>
          <div><span class="fact-label">start</span><span class="fact small">${esc(fmtTime(t.start, true))}</span></div>
          <div><span class="fact-label">end</span><span class="fact small">${esc(fmtTime(t.end, true))}</span></div>
          <div><span class="fact-label">sites</span><span class="fact small">${esc((t.sites || []).join(', '))}</span></div>
        </div>
        <div class="chain" id="tx-components">${(t.components || []).map((c) => `<span class="step">${esc(c)}</span>`).join('<span class="arrow">→</span>')}</div>
        ${events.length < t.count ? `<div class="muted small">showing the first ${fmtCount(events.length)} of ${fmtCount(t.count)} events</div>` : ''}`;
      tbody.innerHTML = events.map((e) => `<tr data-id="${esc(e.id)}" class="${sevClass(e.severity)}">
          <td class="t">${esc(fmtTime(e.timestamp))}</td><td class="lane">${esc(laneOf(e))}</td>
          <td><span class="badge ${sevClass(e.severity)}">${esc(sevName(e.severity))}</span></td>
          <td class="host">${esc(e.host)}</td><td class="msg">${esc(e.message)}</td></tr>`).join('');
      summary.dataset.state = 'ready';
      await drawTimeline(box, events.map((event) => ({ event, neighbour: false, links: [{ name: s.name, value: s.value }] })), { onPick: pick });
    } catch (e) {
      if (isAbort(e)) return;
      summary.dataset.state = 'error';
      summary.innerHTML = `<div class="error">${e.status === 404 && /^HTTP 404/.test(e.message)
        ? 'Transactions are not available on this server yet (404).'
        : esc(e.message)}</div>`;
    }
  }

  return {
    update(s) {
      load({ ...readState(), ...s });
    },
    destroy() {
      if (controller) controller.abort();
      if (window.echarts) {
        const c = window.echarts.getInstanceByDom(box);
        if (c) c.dispose();
      }
    },
  };
}

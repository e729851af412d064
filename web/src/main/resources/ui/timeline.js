// The correlation view (/events/{id}/correlated): one swimlane per component and layer, time across, one mark per
// event; events linked by a key are solid, neighbours (other layers of the same host, no shared key) hollow and grey,
// the anchor a diamond. The linking keys open their transaction.

import { api, isAbort } from './api.js';
import { esc, fmtDuration, fmtTime, isoMillis, sevClass, sevName } from './format.js';
import { loadECharts, chartOf, SEVERITY_COLORS } from './charts.js';
import { renderEventDetail, keyChips } from './event.js';
import { readState, stateUrl, update } from './state.js';

const WINDOWS = ['1m', '10m', '1h', '6h', '24h'];

/** The swimlane of an event: its component (else app, else host) and its layer. */
export function laneOf(ev) {
  const who = ev.component || ev.app || ev.host || '?';
  return ev.layer ? `${who} · ${ev.layer}` : who;
}

/** An axis label for epoch milliseconds (UTC): with milliseconds under a minute's span, the date over a day's. */
function clockLabel(ms, span) {
  const iso = new Date(ms).toISOString();
  if (span < 60_000) return iso.slice(11, 23);
  if (span < 86_400_000) return iso.slice(11, 19);
  return iso.slice(5, 10) + ' ' + iso.slice(11, 16);
}

/**
 * Draws events on swimlanes into `box`. `items` are {event, neighbour, links}; `anchorId` is drawn as a diamond;
 * `onPick(event)` is called when a mark is clicked. Resolves when drawn.
 */
export async function drawTimeline(box, items, { anchorId = null, onPick } = {}) {
  const echarts = await loadECharts();
  const lanes = [];
  for (const it of items) {
    const lane = laneOf(it.event);
    if (!lanes.includes(lane)) lanes.push(lane);
  }
  box.style.height = `${Math.max(140, 46 + lanes.length * 34)}px`;
  const point = (it, i) => ({
    value: [isoMillis(it.event.timestamp), lanes.indexOf(laneOf(it.event))],
    index: i,
  });
  const linked = [];
  const neighbours = [];
  const anchor = [];
  items.forEach((it, i) => {
    const p = point(it, i);
    if (it.event.id === anchorId) anchor.push(p);
    else if (it.neighbour) neighbours.push(p);
    else linked.push({ ...p, itemStyle: { color: SEVERITY_COLORS[it.event.severity] || '#607d8b' } });
  });
  const times = items.map((it) => isoMillis(it.event.timestamp));
  const span = times.length ? Math.max(...times) - Math.min(...times) : 0;
  const pad = Math.max(span * 0.04, 200);
  const chart = chartOf(echarts, box);
  chart.off('click');
  chart.on('click', (p) => {
    const it = p.data && items[p.data.index];
    if (it && onPick) onPick(it.event);
  });
  chart.setOption(
    {
      animation: false,
      useUTC: true,
      grid: { left: 150, right: 24, top: 14, bottom: 52 },
      xAxis: {
        // a value axis of epoch milliseconds: its ticks are round numbers at any scale, 50 ms apart as well as 10 min
        type: 'value',
        min: times.length ? Math.floor(Math.min(...times) - pad) : null,
        max: times.length ? Math.ceil(Math.max(...times) + pad) : null,
        splitNumber: 8,
        axisLabel: { fontSize: 10, color: '#5f6b7a', hideOverlap: true, showMinLabel: false, showMaxLabel: false, formatter: (v) => clockLabel(v, span) },
        splitLine: { show: true, lineStyle: { color: '#f0f2f5' } },
      },
      yAxis: {
        type: 'category',
        data: lanes,
        inverse: true,
        axisLabel: { fontSize: 11, color: '#243040', width: 140, overflow: 'truncate' },
        axisTick: { show: false },
        splitLine: { show: true, lineStyle: { color: '#e3e7ed' } },
        splitArea: { show: true, areaStyle: { color: ['#fbfcfd', '#f4f6f9'] } },
      },
      dataZoom: [
        { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
        { type: 'slider', xAxisIndex: 0, height: 16, bottom: 8, filterMode: 'none', showDetail: false },
      ],
      tooltip: {
        trigger: 'item',
        confine: true,
        formatter: (p) => {
          const it = items[p.data.index];
          const e = it.event;
          const links = it.links && it.links.length ? it.links.map((l) => `${esc(l.name)}=${esc(l.value)}`).join(', ') : it.neighbour ? 'neighbour: same host, no shared key' : '';
          const m = String(e.message || '');
          return `<div class="tt"><b>${esc(fmtTime(e.timestamp, true))}</b> · ${esc(laneOf(e))} · ${esc(sevName(e.severity))}<br>${esc(m.length > 240 ? m.slice(0, 240) + '…' : m)}${links ? `<br><i>${links}</i>` : ''}</div>`;
        },
      },
      series: [
        { name: 'linked', type: 'scatter', symbol: 'circle', symbolSize: 11, data: linked, z: 3 },
        {
          name: 'neighbour',
          type: 'scatter',
          symbol: 'emptyCircle',
          symbolSize: 10,
          data: neighbours,
          itemStyle: { color: '#9aa5b1', borderColor: '#9aa5b1', borderWidth: 1.5, opacity: 0.9 },
          z: 2,
        },
        {
          name: 'anchor',
          type: 'scatter',
          symbol: 'diamond',
          symbolSize: 18,
          data: anchor,
          itemStyle: { color: '#ffb300', borderColor: '#1f2430', borderWidth: 1.5 },
          z: 4,
        },
      ],
    },
    { notMerge: true },
  );
  return { lanes };
}

export function mount(root) {
  root.innerHTML = `
    <div class="view-head">
      <a class="back link" data-nav="1" id="back-to-search" href="/">← search</a>
      <h2>Correlation</h2>
      <span class="muted small" id="corr-anchor"></span>
      <span class="spacer"></span>
      <label class="small">window ±<select id="corr-window">${WINDOWS.map((w) => `<option>${w}</option>`).join('')}</select></label>
    </div>
    <div class="corr-keys" id="corr-keys"></div>
    <div class="panel">
      <div class="legend small"><span class="lg linked"></span> linked by a key <span class="lg neighbour"></span> neighbour (same host, other layer, no shared key) <span class="lg anchor"></span> this event</div>
      <div id="timeline" class="timeline"></div>
      <div id="timeline-note" class="muted small"></div>
    </div>
    <div class="panel" id="corr-picked" hidden></div>
    <table class="hits corr-list" id="corr-list"><thead><tr><th>Time (UTC)</th><th>Lane</th><th>Sev</th><th>Linked by</th><th>Message</th></tr></thead><tbody></tbody></table>`;
  const box = root.querySelector('#timeline');
  const note = root.querySelector('#timeline-note');
  const keysBox = root.querySelector('#corr-keys');
  const picked = root.querySelector('#corr-picked');
  const tbody = root.querySelector('#corr-list tbody');
  const windowSel = root.querySelector('#corr-window');
  let controller = null;
  let shown = null;
  let byId = new Map();

  windowSel.addEventListener('change', () => update({ window: windowSel.value }));

  const pick = (ev) => {
    picked.hidden = false;
    renderEventDetail(picked, ev, { compact: true });
    for (const r of tbody.querySelectorAll('tr.sel')) r.classList.remove('sel');
    const row = tbody.querySelector(`tr[data-id="${CSS.escape(ev.id)}"]`);
    if (row) row.classList.add('sel');
  };
  tbody.addEventListener('click', (e) => {
    const row = e.target.closest('tr[data-id]');
    if (row && !e.target.closest('a') && byId.has(row.dataset.id)) pick(byId.get(row.dataset.id));
  });

  async function load(s) {
    const win = s.window || '10m';
    const key = `${s.event}|${win}`;
    if (key === shown) return;
    shown = key;
    windowSel.value = WINDOWS.includes(win) ? win : '10m';
    root.querySelector('#back-to-search').href = stateUrl({ view: 'search', q: s.q, from: s.from, to: s.to, event: s.event });
    if (controller) controller.abort();
    controller = new AbortController();
    box.dataset.state = 'loading';
    note.textContent = 'loading…';
    picked.hidden = true;
    if (!s.event) {
      note.textContent = 'No event chosen: open an event in the search and press Correlate.';
      box.dataset.state = 'error';
      return;
    }
    try {
      const r = await api(`/events/${encodeURIComponent(s.event)}/correlated`, {
        params: { window: win, neighbours: '30s' },
        signal: controller.signal,
      });
      const items = r.hits || [];
      byId = new Map(items.map((it) => [it.event.id, it.event]));
      const a = r.event || {};
      root.querySelector('#corr-anchor').innerHTML = `${esc(fmtTime(a.timestamp, true))} · ${esc(laneOf(a))} · <span class="mono">${esc(String(a.message || '').slice(0, 140))}</span>`;
      keysBox.innerHTML = (r.keys || []).length
        ? `<span class="small muted">linking keys:</span> ${keyChips(r.keys)}`
        : '<span class="small muted">This event has no correlation keys; only its neighbours are shown.</span>';
      tbody.innerHTML = items.map((it) => {
        const e = it.event;
        const links = it.neighbour ? '<span class="tag neighbour">neighbour</span>' : (it.links || []).map((l) => `<span class="tag">${esc(l.name)}</span>`).join(' ');
        return `<tr data-id="${esc(e.id)}" class="${e.id === a.id ? 'anchor' : ''} ${it.neighbour ? 'is-neighbour' : ''} ${sevClass(e.severity)}">
          <td class="t">${esc(fmtTime(e.timestamp))}</td><td class="lane">${esc(laneOf(e))}</td>
          <td><span class="badge ${sevClass(e.severity)}">${esc(sevName(e.severity))}</span></td>
          <td>${e.id === a.id ? '<span class="tag anchor">this event</span>' : links}</td><td class="msg">${esc(e.message)}</td></tr>`;
      }).join('');
      const { lanes } = await drawTimeline(box, items, { anchorId: a.id, onPick: pick });
      const times = items.map((it) => isoMillis(it.event.timestamp));
      const span = times.length ? Math.max(...times) - Math.min(...times) : 0;
      note.textContent = `${items.length} events on ${lanes.length} lanes over ${fmtDuration(span)} · took ${r.took_ms} ms${r.truncated ? ' · truncated: narrow the window to see all' : ''}`;
      box.dataset.state = 'ready';
      box.dataset.count = String(items.length);
    } catch (e) {
      if (isAbort(e)) return;
      box.dataset.state = 'error';
      note.textContent = e.status === 404
        ? (/^HTTP 404/.test(e.message) ? 'Correlation is not available on this server yet (404).' : e.message)
        : `Correlation failed: ${e.message}`;
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

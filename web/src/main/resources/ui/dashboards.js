// The dashboards view: a picker of the pre-defined dashboards (JSON files under /ui/dashboards/, listed in
// index.json), the time picker, a site filter ($site in the dashboards' queries), auto-refresh (off, 10s, 30s, 1m)
// and the panels of the chosen dashboard in rows of a twelve-column grid. The URL holds the whole state: dash, site,
// from, to, refresh.

import { api, isAbort } from './api.js';
import { esc } from './format.js';
import { readState, navigate, stateUrl } from './state.js';
import { createTimePicker } from './timepicker.js';
import { loadECharts } from './charts.js';
import { createPanel, rangeContext } from './dashpanel.js';

export const REFRESH = [['', 'off'], ['10s', '10s'], ['30s', '30s'], ['1m', '1m']];
const REFRESH_MS = { '10s': 10_000, '30s': 30_000, '1m': 60_000 };

/** The sites that report host telemetry or scrapes in the last five minutes. */
const SITES_QUERY = 'count by (site) (node_load1) or count by (site) (up)';

const definitions = new Map(); // file name -> promise of the parsed dashboard
let index = null;

function fetchJson(path) {
  return fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then((r) => {
    if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
    return r.json();
  });
}

/** The list of dashboards: [{id, title}]. */
export function dashboardList() {
  if (!index) {
    index = fetchJson('/ui/dashboards/index.json').then((j) => j.dashboards).catch((e) => {
      index = null;
      throw e;
    });
  }
  return index;
}

/** The definition of a dashboard by id. */
export function dashboard(id) {
  if (!/^[a-z0-9-]+$/.test(id)) return Promise.reject(new Error(`no dashboard named '${id}'`));
  if (!definitions.has(id)) {
    const p = fetchJson(`/ui/dashboards/${id}.json`);
    p.catch(() => definitions.delete(id));
    definitions.set(id, p);
  }
  return definitions.get(id);
}

/** The dashboards' state of the URL with some keys changed; the search's keys are left out. */
export function dashState(changes = {}) {
  const s = readState();
  const next = { view: 'dashboards', dash: s.dash, site: s.site, from: s.from, to: s.to, refresh: s.refresh, ...changes };
  for (const k of Object.keys(next)) if (next[k] === null || next[k] === undefined || next[k] === '') delete next[k];
  return next;
}

function go(changes, options) {
  navigate(dashState(changes), options);
}

export function mount(root) {
  root.innerHTML = `
    <div class="toolbar dash-toolbar">
      <div class="dash-tabs" id="dash-tabs" role="tablist"></div>
      <span class="spacer"></span>
      <label class="dash-field">Site <select id="dash-site"><option value="">all sites</option></select></label>
      <div class="tp" id="timepicker"></div>
      <label class="dash-field">Refresh <select id="dash-refresh">
        ${REFRESH.map(([v, l]) => `<option value="${v}">${l}</option>`).join('')}</select></label>
      <button type="button" id="dash-reload" title="Run the queries again">↻</button>
    </div>
    <div id="dash-head" class="dash-head"></div>
    <div id="dashboard" class="dashboard" data-state="loading"></div>`;
  const tabs = root.querySelector('#dash-tabs');
  const siteSelect = root.querySelector('#dash-site');
  const refreshSelect = root.querySelector('#dash-refresh');
  const head = root.querySelector('#dash-head');
  const board = root.querySelector('#dashboard');
  const timePicker = createTimePicker(root.querySelector('#timepicker'), {
    onChange: (from, to) => go({ from, to }),
  });
  siteSelect.addEventListener('change', () => go({ site: siteSelect.value }));
  refreshSelect.addEventListener('change', () => go({ refresh: refreshSelect.value }, { push: false }));
  root.querySelector('#dash-reload').addEventListener('click', () => runAll());
  loadECharts().catch(() => {});

  let shown = null; // {id, panels}
  let state = null;
  let controller = null;
  let timer = null;
  let sitesKnown = [];
  let building = 0;
  let destroyed = false;

  async function renderTabs(active) {
    let list;
    try {
      list = await dashboardList();
    } catch (e) {
      board.dataset.state = 'error';
      board.innerHTML = `<div class="page-error">Cannot load the list of dashboards: ${esc(e.message)}</div>`;
      return null;
    }
    tabs.innerHTML = list.map((d) => `<a href="${esc(stateUrl(dashState({ dash: d.id })))}" data-nav="1" role="tab"
      class="dash-tab ${d.id === active ? 'active' : ''}" data-dash="${esc(d.id)}" id="dash-tab-${esc(d.id)}">${esc(d.title)}</a>`).join('');
    return list;
  }

  async function build(id) {
    const mine = ++building;
    for (const p of shown ? shown.panels : []) p.destroy();
    shown = null;
    board.innerHTML = '';
    board.dataset.state = 'loading';
    let def;
    try {
      def = await dashboard(id);
    } catch (e) {
      if (mine !== building) return;
      board.dataset.state = 'error';
      board.innerHTML = `<div class="page-error">Cannot load the dashboard '${esc(id)}': ${esc(e.message)}</div>`;
      return;
    }
    if (mine !== building) return;
    head.innerHTML = def.description ? `<span class="muted">${esc(def.description)}</span>` : '';
    const panels = [];
    for (const row of def.rows || []) {
      const section = document.createElement('section');
      section.className = 'dash-row';
      section.innerHTML = `<h3 class="dash-row-title">${esc(row.title || '')}</h3><div class="dash-grid"></div>`;
      board.appendChild(section);
      const grid = section.querySelector('.dash-grid');
      for (const p of row.panels || []) panels.push(createPanel(grid, p));
    }
    board.dataset.state = 'ready';
    board.dataset.dash = id;
    shown = { id, panels };
  }

  function runAll() {
    if (!shown || !state) return;
    if (controller) controller.abort();
    controller = new AbortController();
    let ctx;
    try {
      ctx = rangeContext({ from: state.from, to: state.to, site: state.site || '', signal: controller.signal });
    } catch (e) {
      head.innerHTML = `<span class="error">${esc(e.message)}</span>`;
      return;
    }
    board.dataset.step = String(ctx.step);
    for (const p of shown.panels) p.refresh(ctx);
    loadSites(ctx);
  }

  function loadSites(ctx) {
    api('/metrics/query', { params: { query: SITES_QUERY, time: (ctx.endMs / 1000).toFixed(3) }, signal: ctx.signal })
      .then((r) => {
        sitesKnown = [...new Set(((r && r.data && r.data.result) || []).map((x) => x.metric.site).filter(Boolean))].sort();
        renderSites();
      })
      .catch((e) => {
        if (!isAbort(e)) renderSites();
      });
  }

  function renderSites() {
    const chosen = (state && state.site) || '';
    const sites = chosen && !sitesKnown.includes(chosen) ? [...sitesKnown, chosen] : sitesKnown;
    siteSelect.innerHTML = `<option value="">all sites</option>${sites.map((s) => `<option value="${esc(s)}">${esc(s)}</option>`).join('')}`;
    siteSelect.value = chosen;
  }

  function schedule(refresh) {
    if (timer) clearInterval(timer);
    timer = REFRESH_MS[refresh] ? setInterval(runAll, REFRESH_MS[refresh]) : null;
  }

  return {
    async update(s) {
      const list = await renderTabs(s.dash || 'overview');
      if (!list || destroyed) return;
      const id = list.some((d) => d.id === s.dash) ? s.dash : list[0].id;
      const refresh = REFRESH_MS[s.refresh] ? s.refresh : '';
      state = { ...s, dash: id, refresh };
      go({ dash: id, refresh }, { push: false, quiet: true }); // the explicit URL of what is shown
      tabs.querySelectorAll('[data-dash]').forEach((a) => a.classList.toggle('active', a.dataset.dash === id));
      timePicker.set(s.from, s.to);
      refreshSelect.value = refresh;
      renderSites();
      if (!shown || shown.id !== id) await build(id);
      if (destroyed) return;
      schedule(refresh);
      runAll();
    },
    destroy() {
      destroyed = true;
      building++;
      if (controller) controller.abort();
      if (timer) clearInterval(timer);
      for (const p of shown ? shown.panels : []) p.destroy();
      timePicker.destroy();
    },
  };
}

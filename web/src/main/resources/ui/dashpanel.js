// One panel of a dashboard: runs its PromQL queries for a time range and draws them as a line chart (ECharts), a stat
// (the latest value, with a sparkline when it is one series) or gauge-like bars (the latest value of each series,
// worst first). The panel's level is the worst level of its series' latest values against its thresholds; a warning
// makes the panel amber, a critical value red. An empty answer says "no data"; a failed query shows its message.
//
// A panel definition: {id, title, type: line|stat|bar, unit, width (of 12 columns), query | queries: [{expr, legend}],
// thresholds: {warning, critical, below}, mappings: {"1": "up"}, limit, max, description, emptyText}.
// A panel of type "alerts" has no query: it lists the active alerts of /api/v1/alerts (of the chosen site), firing
// critical first, with severity, name, site/host, since when and summary; its level is the worst firing severity.

import { api, isAbort } from './api.js';
import { esc, fmtDuration } from './format.js';
import { loadECharts, chartOf } from './charts.js';
import {
  resolveTime, stepSeconds, rateWindowSeconds, promDuration, expandQuery, legendOf, distinguishingLabels,
  sampleValue, fmtValue, levelOf, worse, badness,
} from './dashquery.js';

/** Requests in flight at most, over all panels (the appliance has two cores; a dashboard has 20 to 30 queries). */
const CONCURRENCY = 4;
let running = 0;
const waiting = [];

function limited(fn) {
  return new Promise((resolve, reject) => {
    const start = () => {
      running++;
      fn().then(resolve, reject).finally(() => {
        running--;
        const next = waiting.shift();
        if (next) next();
      });
    };
    if (running < CONCURRENCY) start();
    else waiting.push(start);
  });
}

/**
 * The query context of a time range: {startMs, endMs, step (s), window (PromQL duration), site, signal}. Throws an
 * Error naming the expression when `from` or `to` does not parse, or when the range is empty.
 */
export function rangeContext({ from, to, site = '', signal, nowMs = Date.now() }) {
  const rawEnd = resolveTime(to, nowMs);
  const rawStart = resolveTime(from, nowMs);
  if (!(rawEnd > rawStart)) throw new Error(`the range must end after it starts; got ${from} → ${to}`);
  const step = stepSeconds(rawEnd - rawStart);
  // Aligned to the step, as Grafana aligns: refreshes within one step ask the same steps again, which the server
  // answers from its results cache, and a point does not wander between refreshes.
  const stepMs = step * 1000;
  const startMs = Math.floor(rawStart / stepMs) * stepMs;
  const endMs = Math.max(startMs + stepMs, Math.floor(rawEnd / stepMs) * stepMs);
  return { startMs, endMs, step, window: promDuration(rateWindowSeconds(step)), site, signal };
}

/** The queries of a panel definition. */
export function queriesOf(def) {
  if (Array.isArray(def.queries)) return def.queries;
  return def.query ? [{ expr: def.query, legend: def.legend }] : [];
}

/** Runs one query of a panel: a range query for line and stat panels, an instant query at the end for bars. */
function runQuery(def, q, ctx) {
  const query = expandQuery(q.expr, ctx);
  const params = def.type === 'bar'
    ? { query, time: (ctx.endMs / 1000).toFixed(3) }
    : { query, start: (ctx.startMs / 1000).toFixed(3), end: (ctx.endMs / 1000).toFixed(3), step: ctx.step };
  const path = def.type === 'bar' ? '/metrics/query' : '/metrics/query_range';
  return limited(() => api(path, { params, signal: ctx.signal })).then((r) => {
    if (!r || r.status !== 'success' || !r.data) throw new Error(`unexpected answer to ${query}`);
    return { q, query, data: r.data };
  });
}

/** The series of the answers: {name, metric, points: [[ms, value]], last}. */
export function seriesOf(answers) {
  const out = [];
  for (const { q, data } of answers) {
    const rows = data.resultType === 'scalar' ? [{ metric: {}, value: data.result }] : data.result || [];
    const differ = distinguishingLabels(rows.map((r) => r.metric || {}));
    const labels = differ.length ? differ : null; // one series, or all alike: every label
    for (const r of rows) {
      const pairs = r.values || (r.value ? [r.value] : []);
      const points = pairs.map(([t, v]) => [Math.round(t * 1000), sampleValue(v)]);
      const finite = points.filter((p) => Number.isFinite(p[1]));
      out.push({
        name: legendOf(r.metric || {}, q.legend, q.legend ? null : labels),
        metric: r.metric || {},
        points,
        last: finite.length ? finite[finite.length - 1][1] : NaN,
      });
    }
  }
  return out;
}

const ALERT_RANK = { critical: 0, warning: 1 };

/**
 * The alerts of an /api/v1/alerts answer to show: those of `site` (all when empty), firing before pending, critical
 * before warning, then the oldest first.
 */
export function activeAlerts(answer, site = '') {
  const list = (answer && answer.data && answer.data.alerts) || [];
  return list
    .filter((a) => !site || (a.labels && a.labels.site === site))
    .sort((a, b) => (a.state === 'firing' ? 0 : 1) - (b.state === 'firing' ? 0 : 1)
      || (ALERT_RANK[a.labels.severity] ?? 2) - (ALERT_RANK[b.labels.severity] ?? 2)
      || String(a.activeAt).localeCompare(String(b.activeAt)));
}

/** The level of an alerts panel: the worst severity among the firing alerts. */
export function alertsLevel(alerts) {
  const firing = alerts.filter((a) => a.state === 'firing').map((a) => a.labels.severity);
  return firing.includes('critical') ? 'critical' : firing.includes('warning') ? 'warning' : 'ok';
}

/** The worst level of the series' latest values. */
export function panelLevel(series, thresholds) {
  return series.reduce((l, s) => worse(l, levelOf(s.last, thresholds)), 'ok');
}

export function createPanel(container, def) {
  const el = document.createElement('section');
  el.className = `dash-panel type-${esc(def.type || 'line')} level-ok`;
  el.id = 'panel-' + def.id;
  el.dataset.panel = def.id;
  el.dataset.state = 'loading';
  el.dataset.level = 'ok';
  el.style.gridColumn = `span ${Math.max(1, Math.min(12, def.width || 6))}`;
  const info = [def.description, ...queriesOf(def).map((q) => q.expr)].filter(Boolean).join('\n\n');
  el.innerHTML = `
    <header class="dp-head">
      <span class="dp-title">${esc(def.title)}</span>
      <span class="dp-badge"></span>
      <span class="spacer"></span>
      <span class="dp-info" title="${esc(info)}">?</span>
    </header>
    <div class="dp-body"><div class="dp-msg muted">loading…</div></div>`;
  container.appendChild(el);
  const body = el.querySelector('.dp-body');
  const badge = el.querySelector('.dp-badge');
  let generation = 0;
  let chartBox = null;

  const setLevel = (level) => {
    el.classList.remove('level-ok', 'level-warning', 'level-critical');
    el.classList.add('level-' + level);
    el.dataset.level = level;
    badge.textContent = level === 'ok' ? '' : level;
  };
  const disposeChart = () => {
    if (chartBox && window.echarts) {
      const c = window.echarts.getInstanceByDom(chartBox);
      if (c) c.dispose();
    }
    chartBox = null;
  };
  const message = (state, text, cls) => {
    disposeChart();
    setLevel('ok');
    el.dataset.state = state;
    body.innerHTML = `<div class="dp-msg ${cls}">${text}</div>`;
  };
  const label = (s, v) => (def.mappings && def.mappings[String(v)] !== undefined ? def.mappings[String(v)] : fmtValue(v, def.unit));

  async function draw(series, ctx) {
    const level = panelLevel(series, def.thresholds);
    const type = def.type || 'line';
    if (type === 'bar') drawBars(series);
    else if (type === 'stat') drawStat(series, ctx);
    else await drawLine(series, ctx);
    setLevel(level);
    el.dataset.state = 'ready';
    el.dataset.series = String(series.length);
  }

  function worstFirst(series) {
    return [...series].sort((a, b) => badness(b.last, def.thresholds) - badness(a.last, def.thresholds));
  }

  function drawBars(series) {
    disposeChart();
    const shown = worstFirst(series).slice(0, def.limit || 8);
    const max = def.max ?? (def.unit === 'percent' ? 100 : Math.max(...shown.map((s) => s.last).filter(Number.isFinite), 0) || 1);
    body.innerHTML = `<div class="dp-bars">${shown.map((s) => {
      const w = Number.isFinite(s.last) ? Math.max(0, Math.min(100, (100 * s.last) / max)) : 0;
      return `<div class="dp-bar-row lv-${levelOf(s.last, def.thresholds)}" title="${esc(s.name)}: ${esc(label(s, s.last))}">
        <span class="dp-bar-label">${esc(s.name)}</span>
        <span class="dp-bar-track"><span class="dp-bar-fill" style="width:${w.toFixed(1)}%"></span></span>
        <span class="dp-bar-value">${esc(label(s, s.last))}</span></div>`;
    }).join('')}${series.length > shown.length ? `<div class="muted small">and ${series.length - shown.length} more</div>` : ''}</div>`;
  }

  function drawStat(series, ctx) {
    disposeChart();
    if (series.length === 1) {
      const s = series[0];
      body.innerHTML = `<div class="dp-stat lv-${levelOf(s.last, def.thresholds)}">
        <span class="dp-stat-value">${esc(label(s, s.last))}</span>${sparkline(s.points, ctx.startMs, ctx.endMs)}</div>`;
      return;
    }
    const shown = worstFirst(series).slice(0, def.limit || 12);
    body.innerHTML = `<div class="dp-tiles">${shown.map((s) => `
      <div class="dp-tile lv-${levelOf(s.last, def.thresholds)}" title="${esc(s.name)}">
        <span class="dp-tile-value">${esc(label(s, s.last))}</span><span class="dp-tile-name">${esc(s.name)}</span></div>`).join('')}
      ${series.length > shown.length ? `<div class="muted small">and ${series.length - shown.length} more</div>` : ''}</div>`;
  }

  function drawAlerts(alerts, ctx) {
    disposeChart();
    const nowMs = ctx.endMs || Date.now();
    const shown = alerts.slice(0, def.limit || 10);
    body.innerHTML = alerts.length === 0
      ? `<div class="dp-msg dp-allclear">No active alerts${ctx.site ? ` in ${esc(ctx.site)}` : ''}</div>`
      : `<div class="dp-alerts">${shown.map((a) => {
        const l = a.labels || {};
        const sev = l.severity || 'warning';
        const where = [l.site, l.host || l.instance].filter(Boolean).join(' / ');
        const since = Date.parse(a.firedAt || a.activeAt);
        const cls = a.state === 'firing' ? `lv-${sev}` : 'lv-pending';
        return `<div class="dp-alert ${cls}" data-alertname="${esc(l.alertname)}" data-state="${esc(a.state)}">
          <span class="dp-alert-sev">${esc(a.state === 'firing' ? sev : 'pending')}</span>
          <span class="dp-alert-name">${esc(l.alertname)}</span>
          <span class="dp-alert-where">${esc(where)}</span>
          <span class="dp-alert-since" title="${esc(a.activeAt)}">${Number.isFinite(since) ? esc(fmtDuration(Math.max(0, nowMs - since))) : ''}</span>
          <span class="dp-alert-summary">${esc((a.annotations && a.annotations.summary) || '')}${a.silencedBy && a.silencedBy.length ? ' <span class="muted small">(silenced)</span>' : ''}</span></div>`;
      }).join('')}${alerts.length > shown.length ? `<div class="muted small">and ${alerts.length - shown.length} more</div>` : ''}</div>`;
    setLevel(alertsLevel(alerts.filter((a) => !(a.silencedBy && a.silencedBy.length))));
    el.dataset.state = 'ready';
    el.dataset.alerts = String(alerts.length);
  }

  async function drawLine(series, ctx) {
    const echarts = await loadECharts();
    if (!chartBox) {
      body.innerHTML = '<div class="dp-chart"></div>';
      chartBox = body.querySelector('.dp-chart');
    }
    const t = def.thresholds;
    const gapMs = ctx.step * 1000 * 2.5;
    const marks = [];
    if (t && t.warning !== undefined) marks.push({ yAxis: t.warning, lineStyle: { color: '#f29900' }, label: { show: false } });
    if (t && t.critical !== undefined) marks.push({ yAxis: t.critical, lineStyle: { color: '#d93025' }, label: { show: false } });
    const fmt = (v) => fmtValue(v, def.unit);
    // counts (connections, threads, bytes) get whole-number ticks, not 0.30 connections
    const whole = series.every((s) => s.points.every(([, v]) => !Number.isFinite(v) || Number.isInteger(v)));
    const chart = chartOf(echarts, chartBox);
    chart.setOption(
      {
        animation: false,
        useUTC: true,
        grid: { left: 8, right: 14, top: 10, bottom: 30, containLabel: true },
        legend: { type: 'scroll', bottom: 0, left: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 11, color: '#3c4653' } },
        tooltip: {
          trigger: 'axis',
          confine: true,
          valueFormatter: fmt,
          textStyle: { fontSize: 11.5 },
        },
        xAxis: {
          type: 'time',
          min: ctx.startMs,
          max: ctx.endMs,
          axisLabel: { fontSize: 10, color: '#5f6b7a', hideOverlap: true },
          axisLine: { lineStyle: { color: '#c5ccd6' } },
          splitLine: { show: false },
        },
        yAxis: {
          type: 'value',
          min: def.min ?? 0,
          max: def.max,
          splitNumber: 3,
          minInterval: whole ? 1 : undefined,
          axisLabel: { fontSize: 10, color: '#5f6b7a', formatter: fmt },
          splitLine: { lineStyle: { color: '#edf0f4' } },
        },
        series: series.map((s, i) => ({
          type: 'line',
          name: s.name,
          showSymbol: false,
          symbolSize: 4,
          lineStyle: { width: 1.5 },
          areaStyle: def.stack ? { opacity: 0.35 } : undefined,
          stack: def.stack ? 'total' : undefined,
          emphasis: { focus: 'series' },
          data: withGaps(s.points, gapMs),
          markLine: i === 0 && marks.length ? { silent: true, symbol: 'none', lineStyle: { type: 'dashed', width: 1 }, data: marks } : undefined,
        })),
      },
      { notMerge: true },
    );
  }

  return {
    el,
    /** Runs the panel's queries for `ctx` (see rangeContext) and draws the answer. */
    async refresh(ctx) {
      const mine = ++generation;
      el.dataset.state = el.dataset.state === 'loading' ? 'loading' : 'refreshing';
      try {
        if (def.type === 'alerts') {
          const answer = await limited(() => api('/alerts', { signal: ctx.signal }));
          if (mine !== generation) return;
          drawAlerts(activeAlerts(answer, ctx.site), { ...ctx, endMs: Date.now() });
          return;
        }
        const answers = await Promise.all(queriesOf(def).map((q) => runQuery(def, q, ctx)));
        if (mine !== generation) return;
        const series = seriesOf(answers);
        if (!series.length) {
          // why a query may answer nothing where the host lacks the resource; a site filter is the likelier reason
          const why = ctx.site ? `for the site ${ctx.site}` : def.emptyText || '';
          message('empty', `<span>no data${why ? `<span class="muted small">&nbsp;— ${esc(why)}</span>` : ''}</span>`, 'dp-empty');
          return;
        }
        await draw(series, ctx);
      } catch (e) {
        if (isAbort(e) || mine !== generation) return;
        message('error', esc(e.message || String(e)), 'error');
      }
    },
    destroy() {
      generation++;
      disposeChart();
    },
  };
}

/** Points with a null after each jump longer than `gapMs`, so the line breaks where samples are missing. */
function withGaps(points, gapMs) {
  const out = [];
  for (let i = 0; i < points.length; i++) {
    const [t, v] = points[i];
    if (i > 0 && t - points[i - 1][0] > gapMs) out.push([points[i - 1][0] + 1, null]);
    out.push([t, Number.isFinite(v) ? v : null]);
  }
  return out;
}

/** An SVG sparkline of the points' finite values over the range [t0, t1]. */
function sparkline(points, t0, t1) {
  const pts = points.filter((p) => Number.isFinite(p[1]));
  if (pts.length < 2) return '';
  let lo = Math.min(...pts.map((p) => p[1]));
  let hi = Math.max(...pts.map((p) => p[1]));
  if (hi === lo) {
    hi += 1;
    lo -= 1;
  }
  const xy = pts.map(([t, v]) => `${((100 * (t - t0)) / (t1 - t0 || 1)).toFixed(2)},${(28 - (26 * (v - lo)) / (hi - lo)).toFixed(2)}`);
  return `<svg class="dp-spark" viewBox="0 0 100 30" preserveAspectRatio="none"><polyline points="${xy.join(' ')}"/></svg>`;
}

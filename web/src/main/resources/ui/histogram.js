// The count of matching events over time (ECharts bars). Dragging across it (a brush) or clicking a bar zooms the
// search into that range.

import { loadECharts, chartOf } from './charts.js';
import { esc, fmtCount, fmtDuration, msIso } from './format.js';

export function createHistogram(container, { onZoom }) {
  container.innerHTML = `
    <div class="hist-caption"><span id="hist-caption"></span><span class="muted small">drag across the bars to zoom</span></div>
    <div id="histogram-chart" class="hist-chart"></div>`;
  const caption = container.querySelector('#hist-caption');
  const chartBox = container.querySelector('#histogram-chart');
  let generation = 0;
  let interval = 0;

  const zoom = (a, b) => {
    const lo = Math.floor(Math.min(a, b));
    const hi = Math.ceil(Math.max(a, b));
    if (hi - lo < 1) return;
    onZoom(msIso(lo), msIso(hi));
  };

  return {
    loading() {
      container.dataset.state = 'loading';
      caption.textContent = '…';
    },
    error(message) {
      generation++;
      container.dataset.state = 'error';
      caption.textContent = message ? `no histogram: ${message}` : '';
      const c = window.echarts && window.echarts.getInstanceByDom(chartBox);
      if (c) c.clear(); // bars of an earlier search would mislead
    },
    /** Draws a /search/histogram answer. */
    async render(h) {
      const mine = ++generation;
      let echarts;
      try {
        echarts = await loadECharts();
      } catch (e) {
        caption.textContent = `${fmtCount(h.total)} events (charts unavailable: ${e.message})`;
        container.dataset.state = 'error';
        return;
      }
      if (mine !== generation) return;
      interval = h.interval_ms;
      const buckets = h.buckets || [];
      caption.innerHTML = `<b>${fmtCount(h.total)}</b> events <span class="muted">· ${esc(fmtDuration(interval))} per bar</span>`;
      const data = buckets.map((b) => [b.start_ms + interval / 2, b.count]);
      const first = buckets.length ? buckets[0].start_ms : Date.now() - 900_000;
      const last = buckets.length ? buckets[buckets.length - 1].start_ms + interval : Date.now();
      const chart = chartOf(echarts, chartBox);
      if (!chart.__triadWired) {
        chart.__triadWired = true;
        chart.on('brushEnd', (p) => {
          const area = p.areas && p.areas[0];
          if (!area || !area.coordRange) return;
          const [a, b] = area.coordRange;
          chart.dispatchAction({ type: 'brush', areas: [] });
          zoom(a, b);
        });
        chart.on('click', (p) => {
          if (p.componentType === 'series' && Array.isArray(p.value)) {
            const start = p.value[0] - interval / 2;
            zoom(start, start + interval);
          }
        });
      }
      chart.setOption(
        {
          animation: false,
          useUTC: true,
          grid: { left: 44, right: 14, top: 8, bottom: 22 },
          xAxis: {
            type: 'time',
            min: first,
            max: last,
            axisLabel: { fontSize: 10, color: '#5f6b7a', hideOverlap: true },
            axisLine: { lineStyle: { color: '#c5ccd6' } },
            splitLine: { show: false },
          },
          yAxis: {
            type: 'value',
            minInterval: 1,
            splitNumber: 2,
            axisLabel: { fontSize: 10, color: '#5f6b7a' },
            splitLine: { lineStyle: { color: '#edf0f4' } },
          },
          tooltip: {
            trigger: 'axis',
            axisPointer: { type: 'shadow' },
            formatter: (ps) => {
              const p = ps[0];
              if (!p) return '';
              const start = p.value[0] - interval / 2;
              return `${esc(msIso(start).replace('T', ' ').replace('Z', ''))} UTC<br>+${esc(fmtDuration(interval))}: <b>${fmtCount(p.value[1])}</b>`;
            },
          },
          brush: {
            xAxisIndex: 0,
            brushType: 'lineX',
            brushMode: 'single',
            transformable: false,
            brushStyle: { color: 'rgba(41, 98, 180, 0.15)', borderColor: 'rgba(41, 98, 180, 0.8)', borderWidth: 1 },
            outOfBrush: { colorAlpha: 0.35 },
          },
          toolbox: { show: false },
          series: [
            {
              type: 'bar',
              name: 'events',
              data,
              barWidth: '88%',
              itemStyle: { color: '#3f6fb5' },
              emphasis: { itemStyle: { color: '#2a4f87' } },
              large: data.length > 600,
            },
          ],
        },
        { notMerge: true },
      );
      chart.dispatchAction({
        type: 'takeGlobalCursor',
        key: 'brush',
        brushOption: { brushType: 'lineX', brushMode: 'single' },
      });
      container.dataset.state = 'ready';
      container.dataset.total = String(h.total);
    },
    destroy() {
      generation++;
      if (window.echarts) {
        const c = window.echarts.getInstanceByDom(chartBox);
        if (c) c.dispose();
      }
    },
  };
}

// Apache ECharts, loaded once and only when a chart is first needed (the library is a classic script that defines
// window.echarts), so the first search results render before the 1 MB library is parsed.

let loading = null;

/** Resolves with the echarts namespace. */
export function loadECharts() {
  if (window.echarts) return Promise.resolve(window.echarts);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/ui/vendor/echarts.min.js';
      s.async = true;
      s.onload = () => (window.echarts ? resolve(window.echarts) : reject(new Error('ECharts did not load')));
      s.onerror = () => {
        loading = null;
        reject(new Error('cannot load /ui/vendor/echarts.min.js'));
      };
      document.head.appendChild(s);
    });
  }
  return loading;
}

const observed = new WeakMap();

/** The chart of a container, created on first use and resized with it. */
export function chartOf(echarts, container) {
  let chart = echarts.getInstanceByDom(container);
  if (!chart) {
    chart = echarts.init(container, null, { renderer: 'canvas', useDirtyRect: true });
    if (!observed.has(container)) {
      const ro = new ResizeObserver(() => {
        const c = echarts.getInstanceByDom(container);
        if (c) c.resize();
      });
      ro.observe(container);
      observed.set(container, ro);
    }
  }
  return chart;
}

/** Severity colours shared by rows and charts (0 emerg .. 7 debug). */
export const SEVERITY_COLORS = ['#7b1fa2', '#b71c1c', '#d32f2f', '#e53935', '#f57c00', '#1e88e5', '#2e7d32', '#90a4ae'];

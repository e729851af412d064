// The search view: query bar, time picker, histogram, field sidebar, result rows and saved searches. A search sends
// the hits request first and the histogram and fields requests as soon as the hits arrive, or HEAD_START_MS after
// the hits request at the latest, and draws each as it arrives: the rows are what one reads first, and on a small
// appliance (2 cores) the three requests at once slow the hits request down (10 million events, headless Chromium:
// Enter to rows p50 160 ms and max 244 ms with all three at once, 110 ms and 155 ms with the head start).

import { api, isAbort } from './api.js';
import { addClause, clause } from './format.js';
import { readState, update } from './state.js';
import { createQueryBar } from './querybar.js';
import { createTimePicker } from './timepicker.js';
import { createHistogram } from './histogram.js';
import { createFieldSidebar } from './fields.js';
import { createHits } from './hits.js';
import { createSavedMenu } from './saved.js';
import { loadECharts } from './charts.js';

const PAGE = 100;
const TOP_VALUES = 5;
const HEAD_START_MS = 150;

export function mount(root) {
  root.innerHTML = `
    <div class="toolbar">
      <div class="qb" id="querybar"></div>
      <div class="tp" id="timepicker"></div>
      <div class="saved" id="saved"></div>
    </div>
    <div class="histogram" id="histogram"></div>
    <div class="search-body">
      <aside class="sidebar" id="fields"></aside>
      <section class="results" id="results"></section>
    </div>`;
  let last = null; // the {q, from, to} of the rows shown
  let controller = null;

  const filter = (field, value, exclude) => {
    const s = readState();
    update({ q: addClause(s.q, clause(field, value, exclude)), event: null });
  };
  const queryBar = createQueryBar(root.querySelector('#querybar'), {
    onSubmit: (q) => run({ ...readState(), q }, true),
  });
  const timePicker = createTimePicker(root.querySelector('#timepicker'), {
    onChange: (from, to) => update({ from, to, event: null }),
  });
  const histogram = createHistogram(root.querySelector('#histogram'), {
    onZoom: (from, to) => update({ from, to, event: null }),
  });
  const fields = createFieldSidebar(root.querySelector('#fields'), { onFilter: filter });
  const hits = createHits(root.querySelector('#results'), {
    onSelect: (id) => update({ event: id }, { push: false, quiet: true }),
    onLoadMore: (cursor) => loadMore(cursor),
    onFilter: filter,
  });
  const saved = createSavedMenu(root.querySelector('#saved'));
  loadECharts().catch(() => {}); // start fetching the chart library while the first search runs
  const keys = new AbortController();
  document.addEventListener('keydown', (e) => {
    // '/' focuses the query bar, as in most log tools, unless one is typing somewhere already
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
    e.preventDefault();
    queryBar.input.focus();
    queryBar.input.select();
  }, { signal: keys.signal });

  const fetchEvent = (id) => api(`/events/${encodeURIComponent(id)}`).catch(() => null);

  /** Runs the search of `s`; `resubmit` forces a new search (a press of Enter) even when nothing changed. */
  function run(s, resubmit = false) {
    const key = { q: s.q, from: s.from, to: s.to };
    if (resubmit) {
      // a submitted query changes the URL; an unchanged URL still searches again (relative times move on)
      update({ q: s.q, event: null }, { quiet: true });
    }
    if (!resubmit && last && last.q === key.q && last.from === key.from && last.to === key.to) {
      hits.select(s.event || null, fetchEvent);
      return;
    }
    last = key;
    if (!resubmit) update({}, { push: false, quiet: true }); // a bare / becomes the explicit URL of what is shown
    if (controller) controller.abort();
    controller = new AbortController();
    const signal = controller.signal;
    const params = { q: key.q, from: key.from, to: key.to };
    queryBar.setQuery(key.q);
    queryBar.clearError();
    timePicker.set(key.from, key.to);
    hits.loading();
    histogram.loading();
    fields.loading();
    const started = performance.now();
    // Performance API marks for bench/ui.sh: requests sent, result rows in the page
    performance.mark('triad:search-start');
    const selectedId = resubmit ? null : s.event || null;

    const hitsRequest = api('/search', { params: { ...params, limit: PAGE }, signal });
    hitsRequest
      .then((r) => {
        hits.render(r, { selectedId, elapsedMs: performance.now() - started });
        performance.mark('triad:hits-rendered');
        if (selectedId) hits.select(selectedId, fetchEvent);
      })
      .catch((e) => {
        if (isAbort(e)) return;
        if (e.status === 400) {
          queryBar.showError(e.body, key.q);
          hits.error(null);
        } else {
          hits.error(`Search failed: ${e.message}`);
        }
      });
    new Promise((resolve) => {
      hitsRequest.then(resolve, resolve);
      setTimeout(resolve, HEAD_START_MS);
    }).then(() => {
      if (signal.aborted) return;
      api('/search/histogram', { params, signal })
        .then((h) => histogram.render(h))
        .catch((e) => {
          if (!isAbort(e)) histogram.error(e.status === 400 ? 'the query does not parse' : e.message);
        });
      api('/search/fields', { params: { ...params, top: TOP_VALUES }, signal })
        .then((f) => fields.render(f))
        .catch((e) => {
          if (!isAbort(e)) fields.error(e.status === 400 ? 'Fix the query to see field values.' : e.message);
        });
    });
  }

  function loadMore(cursor) {
    const s = last;
    if (!s) return;
    api('/search', { params: { q: s.q, from: s.from, to: s.to, limit: PAGE, cursor }, signal: controller && controller.signal })
      .then((r) => {
        if (last === s) hits.render(r, { append: true });
      })
      .catch((e) => {
        if (!isAbort(e)) hits.error(`Loading more failed: ${e.message}`);
      });
  }

  return {
    update(s) {
      run(s);
    },
    destroy() {
      if (controller) controller.abort();
      keys.abort();
      histogram.destroy();
      queryBar.destroy();
      timePicker.destroy();
      saved.destroy();
    },
  };
}

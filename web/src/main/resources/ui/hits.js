// The result rows: time, severity, host, component and the message with its highlights; a click expands the row to
// the full event detail. Rows are added a page at a time (built as one HTML string) and capped at MAX_ROWS.

import { esc, fmtCount, fmtTime, highlight, sevClass, sevName } from './format.js';
import { renderEventDetail } from './event.js';

export const MAX_ROWS = 2000;

export function createHits(container, { onSelect, onLoadMore, onFilter }) {
  container.innerHTML = `
    <div class="results-head"><span id="results-summary"></span><span id="results-timing" class="muted small"></span></div>
    <div id="results-error" class="error" hidden></div>
    <div id="selected-event" hidden></div>
    <table class="hits" id="hits">
      <colgroup><col class="c-time"><col class="c-sev"><col class="c-host"><col class="c-comp"><col></colgroup>
      <thead><tr><th>Time (UTC)</th><th>Sev</th><th>Host</th><th>Component</th><th>Message</th></tr></thead>
      <tbody></tbody>
    </table>
    <div class="more"><button type="button" id="load-more" class="btn" hidden>Load more</button><span id="more-note" class="muted small"></span></div>`;
  const summary = container.querySelector('#results-summary');
  const timing = container.querySelector('#results-timing');
  const errorBox = container.querySelector('#results-error');
  const pinned = container.querySelector('#selected-event');
  const tbody = container.querySelector('tbody');
  const more = container.querySelector('#load-more');
  const moreNote = container.querySelector('#more-note');
  const events = new Map();
  let selected = null;
  let cursor = null;
  let total = 0;
  let lowerBound = false;

  const rowHtml = (h) => `<tr class="hit ${sevClass(h.severity)}" data-id="${esc(h.id)}">
      <td class="t">${esc(fmtTime(h.timestamp))}</td>
      <td class="sev"><span class="badge ${sevClass(h.severity)}">${esc(sevName(h.severity))}</span></td>
      <td class="host" title="${esc(h.host)}">${esc(h.host)}</td>
      <td class="comp" title="${esc(h.component || h.app || '')}">${esc(h.component || h.app || '')}</td>
      <td class="msg"><div class="clamp">${highlight(h.message, h.highlights)}</div></td></tr>`;

  const collapse = () => {
    for (const d of tbody.querySelectorAll('tr.detail')) d.remove();
    for (const r of tbody.querySelectorAll('tr.hit.open')) r.classList.remove('open');
  };

  const expand = (row) => {
    const ev = events.get(row.dataset.id);
    if (!ev) return;
    row.classList.add('open');
    const detail = document.createElement('tr');
    detail.className = 'detail';
    detail.innerHTML = '<td colspan="5"></td>';
    row.after(detail);
    renderEventDetail(detail.firstElementChild, ev, { onFilter });
  };

  const rowOf = (id) => tbody.querySelector(`tr.hit[data-id="${CSS.escape(id)}"]`);

  tbody.addEventListener('click', (e) => {
    const row = e.target.closest('tr.hit');
    if (!row || window.getSelection().toString()) return;
    const id = row.dataset.id;
    const open = row.classList.contains('open');
    collapse();
    pinned.hidden = true;
    if (open) {
      selected = null;
      onSelect(null);
    } else {
      selected = id;
      expand(row);
      onSelect(id);
    }
  });
  more.addEventListener('click', () => {
    if (cursor) onLoadMore(cursor);
  });

  const updateMore = () => {
    const shown = events.size;
    more.hidden = !cursor || shown >= MAX_ROWS;
    moreNote.textContent = shown >= MAX_ROWS && cursor
      ? `showing the first ${fmtCount(MAX_ROWS)}; narrow the search or the time range to see more`
      : shown > 0 && !cursor ? 'end of results' : '';
    summary.innerHTML = `<b>${fmtCount(total)}${lowerBound ? '+' : ''}</b> events${shown ? ` <span class="muted">· ${fmtCount(shown)} shown</span>` : ''}`;
  };

  return {
    loading() {
      container.dataset.state = 'loading';
      tbody.classList.add('stale');
      errorBox.hidden = true;
    },
    error(message) {
      container.dataset.state = 'error';
      tbody.classList.remove('stale');
      tbody.innerHTML = '';
      events.clear();
      cursor = null;
      summary.textContent = '';
      timing.textContent = '';
      more.hidden = true;
      moreNote.textContent = '';
      if (message) {
        errorBox.textContent = message;
        errorBox.hidden = false;
      } else {
        tbody.innerHTML = '<tr class="empty"><td colspan="5">No results: the query does not parse (see above).</td></tr>';
      }
    },
    /** Shows a /search answer: replaces the rows, or appends them when `append` (load more). */
    render(r, { append = false, selectedId = null, elapsedMs = null } = {}) {
      tbody.classList.remove('stale');
      errorBox.hidden = true;
      if (!append) {
        events.clear();
        tbody.innerHTML = '';
        selected = selectedId;
      }
      const room = MAX_ROWS - events.size;
      const hits = (r.hits || []).slice(0, Math.max(0, room));
      for (const h of hits) events.set(h.id, h);
      tbody.insertAdjacentHTML('beforeend', hits.map(rowHtml).join(''));
      cursor = r.cursor || null;
      total = r.total;
      lowerBound = !!r.total_is_lower_bound;
      updateMore();
      if (!append) {
        timing.textContent = `took ${r.took_ms} ms${elapsedMs !== null ? ` · ${Math.round(elapsedMs)} ms here` : ''}`;
        if (!hits.length) tbody.innerHTML = '<tr class="empty"><td colspan="5">No events match this search in this time range.</td></tr>';
      }
      if (selected && !tbody.querySelector('tr.open')) {
        const row = rowOf(selected);
        if (row) {
          pinned.hidden = true;
          expand(row);
        }
      }
      container.dataset.state = 'ready';
      container.dataset.total = String(total);
    },
    /** Selects (expands) an event by id; one not among the rows is shown above them (fetched by the caller). */
    select(id, fetchEvent) {
      if (id === selected && (id === null || tbody.querySelector('tr.open') || !pinned.hidden)) return;
      selected = id;
      collapse();
      pinned.hidden = true;
      if (!id) return;
      const row = rowOf(id);
      if (row) {
        expand(row);
        return;
      }
      fetchEvent(id).then((ev) => {
        if (selected !== id || !ev) return;
        pinned.innerHTML = '<div class="side-title">Selected event <button type="button" class="link" id="unpin">close</button></div><div class="pinned-body"></div>';
        renderEventDetail(pinned.querySelector('.pinned-body'), ev, { onFilter });
        pinned.hidden = false;
        pinned.querySelector('#unpin').addEventListener('click', () => {
          pinned.hidden = true;
          selected = null;
          onSelect(null);
        });
      });
    },
    /** The number of rows shown. */
    size() {
      return events.size;
    },
  };
}

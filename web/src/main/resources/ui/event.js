// The full detail of one event: every field (with filter buttons), its correlation keys, the message, the messages
// around it on the same host (/events/{id}/surrounding) and the Correlate action.

import { api, isAbort } from './api.js';
import { esc, fmtTime, sevClass, sevName } from './format.js';
import { readState, stateUrl } from './state.js';

/** The event's fields as [query field, label, value] rows; the query field is null for fields that are not keywords. */
export function eventFields(ev) {
  const rows = [
    [null, 'timestamp', fmtTime(ev.timestamp, true) + ' UTC'],
    [null, 'received', ev.received ? fmtTime(ev.received, true) + ' UTC' : ''],
    ['severity', 'severity', ev.severity === undefined ? '' : `${sevName(ev.severity)} (${ev.severity})`, sevName(ev.severity)],
    ['host', 'host', ev.host],
    ['component', 'component', ev.component],
    ['layer', 'layer', ev.layer],
    ['app', 'app', ev.app],
    ['procId', 'procId', ev.procId],
    ['msgId', 'msgId', ev.msgId],
    ['facility', 'facility', ev.facility === undefined ? '' : String(ev.facility)],
    ['site', 'site', ev.site],
    ['input', 'input', ev.input],
    ['source', 'source', ev.source],
    [null, 'parseError', ev.parseError],
  ];
  for (const [k, v] of Object.entries(ev.fields || {}).sort(([a], [b]) => a.localeCompare(b))) {
    rows.push(['fields.' + k, 'fields.' + k, v]);
  }
  return rows.filter((r) => r[2] !== undefined && r[2] !== null && r[2] !== '');
}

/** The event's correlation keys as [{name, value}]. */
export function correlationKeys(ev) {
  const keys = [];
  for (const [name, values] of Object.entries(ev.correlation || {})) {
    for (const value of values || []) keys.push({ name, value });
  }
  return keys;
}

/** Links to the transaction of each key. */
export function keyChips(keys) {
  if (!keys.length) return '<span class="muted small">no correlation keys</span>';
  return keys.map(({ name, value }) => {
    const s = readState();
    const url = stateUrl({ view: 'transaction', name, value, from: s.from, to: s.to });
    return `<a class="chip key" data-nav="1" href="${esc(url)}" title="open the transaction ${esc(name)}=${esc(value)}"><span class="k">${esc(name)}</span>${esc(value)}</a>`;
  }).join(' ');
}

/**
 * Renders `ev` into `container`. `onFilter(field, value, exclude)` (optional) adds a filter to the search;
 * `compact` leaves out the surrounding messages (used under the correlation timeline).
 */
export function renderEventDetail(container, ev, { onFilter, compact = false } = {}) {
  const s = readState();
  const correlateUrl = stateUrl({ view: 'correlate', event: ev.id, q: s.q, from: s.from, to: s.to });
  const permalink = stateUrl({ view: 'search', q: s.q, from: s.from, to: s.to, event: ev.id });
  const rows = eventFields(ev);
  container.innerHTML = `
    <div class="event-detail" data-event="${esc(ev.id)}">
      <div class="detail-actions">
        <a class="btn btn-primary correlate" data-nav="1" href="${esc(correlateUrl)}" id="correlate-${esc(ev.id)}">Correlate</a>
        ${compact ? '' : '<button type="button" class="btn surrounding-toggle">Surrounding messages</button>'}
        <a class="btn" href="${esc(permalink)}" title="a link to this event in this search">Link</a>
        <span class="muted small">id ${esc(ev.id)}</span>
      </div>
      <pre class="full-message ${sevClass(ev.severity)}">${esc(ev.message)}</pre>
      <div class="detail-grid">
        <table class="kv">${rows.map(([field, label, value, filterValue]) => `
          <tr><th>${esc(label)}</th><td class="v">${esc(value)}</td>
          <td class="fx">${field && onFilter ? `<button type="button" class="fx-in" data-field="${esc(field)}" data-value="${esc(filterValue ?? value)}" title="filter ${esc(field)}:&quot;${esc(filterValue ?? value)}&quot;">+</button><button type="button" class="fx-out" data-field="${esc(field)}" data-value="${esc(filterValue ?? value)}" title="exclude">−</button>` : ''}</td></tr>`).join('')}
        </table>
        <div class="corr">
          <div class="side-title">Correlation keys</div>
          <div class="chips">${keyChips(correlationKeys(ev))}</div>
        </div>
      </div>
      <div class="surrounding" hidden></div>
    </div>`;
  if (onFilter) {
    container.querySelector('.kv').addEventListener('click', (e) => {
      const b = e.target.closest('[data-field]');
      if (b) onFilter(b.dataset.field, b.dataset.value, b.classList.contains('fx-out'));
    });
  }
  const toggle = container.querySelector('.surrounding-toggle');
  if (toggle) {
    const box = container.querySelector('.surrounding');
    toggle.addEventListener('click', () => {
      box.hidden = !box.hidden;
      if (!box.hidden && !box.dataset.loaded) loadSurrounding(box, ev, 'host');
    });
  }
}

async function loadSurrounding(box, ev, scope) {
  box.dataset.loaded = '1';
  box.innerHTML = '<div class="muted small">loading…</div>';
  try {
    const r = await api(`/events/${encodeURIComponent(ev.id)}/surrounding`, { params: { before: 10, after: 10, scope } });
    box.innerHTML = `
      <div class="side-title">Around this event on the same ${scope === 'host' ? 'host' : 'host and process'}
        <button type="button" class="link scope" data-scope="${scope === 'host' ? 'process' : 'host'}">same ${scope === 'host' ? 'process' : 'host'} instead</button></div>
      <table class="mini">${(r.events || []).map((e) => `
        <tr class="${e.id === ev.id ? 'anchor' : ''} ${sevClass(e.severity)}">
          <td class="t">${esc(fmtTime(e.timestamp))}</td><td><span class="badge ${sevClass(e.severity)}">${esc(sevName(e.severity))}</span></td>
          <td class="h">${esc(e.app || e.component || '')}</td><td class="m">${esc(e.message)}</td></tr>`).join('')}
      </table>`;
    box.querySelector('.scope').addEventListener('click', (e) => loadSurrounding(box, ev, e.target.dataset.scope));
  } catch (e) {
    if (!isAbort(e)) box.innerHTML = `<div class="error small">surrounding messages: ${esc(e.message)}</div>`;
  }
}

// The field sidebar: top values of every keyword field among the matching events (/search/fields). Clicking a value
// narrows the query to it (field:"value"); the − button excludes it (-field:"value").

import { esc, fmtCount, sevClass } from './format.js';

const ORDER = ['severity', 'host', 'component', 'layer', 'app', 'site', 'facility', 'input', 'procId', 'msgId', 'source'];

function rank(name) {
  const i = ORDER.indexOf(name);
  if (i >= 0) return i;
  if (name.startsWith('correlation.')) return 100;
  return 200;
}

export function createFieldSidebar(container, { onFilter }) {
  container.innerHTML = '<div class="side-title">Fields</div><div id="field-list" class="field-list"></div>';
  const list = container.querySelector('#field-list');
  container.addEventListener('click', (e) => {
    const b = e.target.closest('[data-value]');
    if (!b) return;
    const li = b.closest('[data-field]');
    onFilter(li.dataset.field, b.dataset.value, b.classList.contains('fx-out'));
  });

  return {
    loading() {
      container.dataset.state = 'loading';
      list.classList.add('stale');
    },
    error(message) {
      container.dataset.state = 'error';
      list.classList.remove('stale');
      list.innerHTML = `<div class="muted small">${esc(message)}</div>`;
    },
    /** Draws a /search/fields answer. */
    render(r) {
      list.classList.remove('stale');
      const total = Math.max(1, Number(r.total) || 0);
      const names = Object.keys(r.fields || {}).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
      if (names.length === 0) {
        list.innerHTML = '<div class="muted small">No field values in this range.</div>';
      } else {
        list.innerHTML = names.map((name) => {
          const values = r.fields[name];
          return `<div class="field" data-field="${esc(name)}">
            <div class="field-name" title="${esc(name)}">${esc(name)}</div>
            <ul>${values.map((v) => {
              const pct = Math.max(1, Math.round((100 * v.count) / total));
              const sev = name === 'severity' ? ` ${sevClass(v.value)}` : '';
              return `<li>
                <button type="button" class="fx-in${sev}" data-value="${esc(v.value)}" title="${esc(name)}:&quot;${esc(v.value)}&quot;">
                  <span class="fv">${esc(v.value === '' ? '(empty)' : v.value)}</span>
                  <span class="bar" style="width:${pct}%"></span>
                </button>
                <span class="cnt">${fmtCount(v.count)}</span>
                <button type="button" class="fx-out" data-value="${esc(v.value)}" title="exclude: -${esc(name)}:&quot;${esc(v.value)}&quot;">−</button>
              </li>`;
            }).join('')}</ul>
          </div>`;
        }).join('');
      }
      container.dataset.state = 'ready';
    },
  };
}

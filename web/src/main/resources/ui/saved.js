// Saved searches (/api/v1/saved-searches): list and open, save the current search under a name, delete.

import { api } from './api.js';
import { esc, rangeLabel } from './format.js';
import { readState, stateQuery, navigate } from './state.js';

/** The list out of an answer that is either an array or an object holding one (e.g. {"savedSearches": [...]}). */
function listOf(r) {
  if (Array.isArray(r)) return r;
  if (r && typeof r === 'object') {
    for (const v of Object.values(r)) if (Array.isArray(v)) return v;
  }
  return [];
}

export function createSavedMenu(container) {
  container.innerHTML = `
    <button type="button" id="saved-toggle" class="btn" aria-expanded="false">Saved ▾</button>
    <div id="saved-panel" class="popover saved-panel" hidden>
      <form id="saved-form" class="saved-form">
        <input id="saved-name" placeholder="Name of the current search" maxlength="200" required>
        <button type="submit" class="btn-primary" id="saved-save">Save</button>
      </form>
      <div id="saved-error" class="error small" hidden></div>
      <ul id="saved-list" class="saved-list"></ul>
    </div>`;
  const toggle = container.querySelector('#saved-toggle');
  const panel = container.querySelector('#saved-panel');
  const list = container.querySelector('#saved-list');
  const error = container.querySelector('#saved-error');
  const name = container.querySelector('#saved-name');
  let items = [];

  const showError = (e) => {
    error.textContent = e.status === 404 ? 'Saved searches are not available on this server.' : `Saved searches: ${e.message}`;
    error.hidden = false;
  };

  const load = async () => {
    error.hidden = true;
    list.innerHTML = '<li class="muted small">loading…</li>';
    try {
      items = listOf(await api('/saved-searches'));
      list.innerHTML = items.length
        ? items.map((s, i) => `<li>
            <button type="button" class="link open-saved" data-i="${i}" title="${esc(s.query || '')}">${esc(s.name)}</button>
            <span class="muted small">${esc(s.query || '*')} · ${esc(rangeLabel(s.from || 'now-15m', s.to || 'now'))}</span>
            <button type="button" class="btn-icon delete-saved" data-i="${i}" title="delete">×</button></li>`).join('')
        : '<li class="muted small">No saved searches yet.</li>';
    } catch (e) {
      list.innerHTML = '';
      showError(e);
    }
  };

  toggle.addEventListener('click', () => {
    panel.hidden = !panel.hidden;
    toggle.setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) load();
  });
  const listeners = new AbortController();
  document.addEventListener('click', (e) => {
    if (!panel.hidden && !container.contains(e.target)) panel.hidden = true;
  }, { signal: listeners.signal });

  container.querySelector('#saved-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const s = readState();
    try {
      await api('/saved-searches', {
        method: 'POST',
        body: { name: name.value.trim(), query: s.q, from: s.from, to: s.to, state: stateQuery({ ...s, event: null }) },
      });
      name.value = '';
      load();
    } catch (err) {
      showError(err);
    }
  });
  list.addEventListener('click', async (e) => {
    const b = e.target.closest('[data-i]');
    if (!b) return;
    const s = items[Number(b.dataset.i)];
    if (!s) return;
    if (b.classList.contains('delete-saved')) {
      try {
        await api(`/saved-searches/${encodeURIComponent(s.id)}`, { method: 'DELETE' });
        load();
      } catch (err) {
        showError(err);
      }
      return;
    }
    panel.hidden = true;
    if (s.state) {
      const q = s.state.startsWith('?') ? s.state : '?' + s.state;
      navigate(Object.fromEntries(new URLSearchParams(q)));
    } else {
      navigate({ view: 'search', q: s.query || '', from: s.from || 'now-15m', to: s.to || 'now' });
    }
  });

  return {
    destroy() {
      listeners.abort();
    },
  };
}

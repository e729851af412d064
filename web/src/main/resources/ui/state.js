// The whole UI state lives in the page's query string, so a link reproduces the view:
//   view   search | correlate | transaction | transactions | tail | dashboards | alerts | license
//   q      the query;  from, to: the time range (ISO 8601 or now-15m style)
//   event  the selected (expanded) event, or the anchor of a correlation
//   name, value   the correlation key of a transaction;  key, sort: the transactions view
//   dash, site, refresh   the dashboard shown, its site filter and its auto-refresh (10s, 30s, 1m)

export const DEFAULTS = Object.freeze({ view: 'search', q: '', from: 'now-15m', to: 'now' });

const KEYS = ['view', 'q', 'from', 'to', 'event', 'window', 'name', 'value', 'key', 'sort', 'dash', 'site', 'refresh'];

/** The state in the current URL, defaults filled in. */
export function readState(search = window.location.search) {
  const p = new URLSearchParams(search);
  const s = { ...DEFAULTS };
  for (const k of KEYS) {
    const v = p.get(k);
    if (v !== null) s[k] = v;
  }
  return s;
}

/** The query string of a state (with '?'); view, q, from and to are always written so a link is explicit. */
export function stateQuery(state) {
  const p = new URLSearchParams();
  for (const k of KEYS) {
    const v = state[k];
    if (v === undefined || v === null) continue;
    if (v === '' && k !== 'q') continue;
    p.set(k, String(v));
  }
  return '?' + p.toString();
}

/** The URL of a state, for links. */
export function stateUrl(state) {
  return '/' + stateQuery(state);
}

/**
 * Makes `state` the URL's state. `push` adds a history entry (a new search or view), else the current entry is
 * replaced (selecting a row). Listeners of 'triad:navigate' re-render unless `quiet`.
 */
export function navigate(state, { push = true, quiet = false } = {}) {
  const url = stateUrl(state);
  if (url !== window.location.pathname + window.location.search) {
    if (push) window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
  }
  if (!quiet) window.dispatchEvent(new CustomEvent('triad:navigate'));
}

/** Changes some keys of the current state (others kept); a key set to null is removed. */
export function update(changes, options) {
  const s = { ...readState(), ...changes };
  for (const [k, v] of Object.entries(changes)) if (v === null) delete s[k];
  navigate(s, options);
}

// Small pure helpers: HTML escaping, times, severities, highlights, durations and query clauses.

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML (element content and quoted attribute values). */
export function esc(v) {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ESC[c]);
}

export const SEVERITY_NAMES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];

/** The keyword of a severity number (3 -> err); names pass through. */
export function sevName(s) {
  const n = Number(s);
  return Number.isInteger(n) && n >= 0 && n <= 7 ? SEVERITY_NAMES[n] : String(s ?? '');
}

/** The severity number of a number or a keyword, or -1. */
export function sevNumber(s) {
  const n = Number(s);
  if (s !== '' && Number.isInteger(n) && n >= 0 && n <= 7) return n;
  return SEVERITY_NAMES.indexOf(String(s));
}

/** The CSS class of a severity (sev-0 .. sev-7). */
export function sevClass(s) {
  const n = sevNumber(s);
  return n < 0 ? 'sev-none' : 'sev-' + n;
}

/** Milliseconds since the epoch of an ISO instant with up to nine fraction digits. */
export function isoMillis(iso) {
  if (!iso) return NaN;
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(iso);
  if (!m) return Date.parse(iso);
  const frac = (m[2] || '').padEnd(3, '0').slice(0, 3);
  return Date.parse(`${m[1]}.${frac}${m[3]}`);
}

/** An ISO instant (UTC) shown as "2026-12-01 06:00:00.123" (or with all its fraction digits when `full`). */
export function fmtTime(iso, full = false) {
  if (!iso) return '';
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(iso);
  if (!m) return iso;
  const frac = (m[3] || '').padEnd(full ? 6 : 3, '0');
  return `${m[1]} ${m[2]}.${full ? frac : frac.slice(0, 3)}`;
}

/** Milliseconds since the epoch as an ISO instant in UTC with milliseconds. */
export function msIso(ms) {
  return new Date(ms).toISOString();
}

/** A duration in milliseconds for people: 850 ms, 12.4 s, 3 m 20 s, 2 h 5 m, 3 d 4 h. */
export function fmtDuration(ms) {
  if (ms === undefined || ms === null || Number.isNaN(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} m ${s % 60} s`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} m`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

/** A count with thousands separators. */
export function fmtCount(n) {
  return Number(n ?? 0).toLocaleString('en-US');
}

/**
 * The message as HTML with its highlighted [start, end) char ranges in <mark>. Ranges may overlap or be unsorted;
 * ranges past the end are clipped.
 */
export function highlight(message, ranges) {
  const text = String(message ?? '');
  if (!ranges || ranges.length === 0) return esc(text);
  const spans = ranges
    .map(([a, b]) => [Math.max(0, a | 0), Math.min(text.length, b | 0)])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let out = '';
  let pos = 0;
  for (const [a, b] of spans) {
    if (b <= pos) continue;
    const start = Math.max(a, pos);
    out += esc(text.slice(pos, start)) + '<mark>' + esc(text.slice(start, b)) + '</mark>';
    pos = b;
  }
  return out + esc(text.slice(pos));
}

/** A value quoted for the query language: "a \"b\"". */
export function quote(value) {
  return '"' + String(value).replace(/[\\"]/g, (c) => '\\' + c) + '"';
}

/** The clause that matches (or, with `exclude`, excludes) a field's value: host:"x" or -host:"x". */
export function clause(field, value, exclude = false) {
  return (exclude ? '-' : '') + escapeField(field) + ':' + quote(value);
}

/** A field name with the query language's special characters escaped (fields.a:b -> fields.a\:b). */
export function escapeField(field) {
  return String(field).replace(/[\s!(){}[\]^"~*?:\\/]/g, (c) => '\\' + c);
}

/** The query's top-level parts: split at white space outside quotes, parentheses, brackets and braces. */
export function topLevelParts(q) {
  const parts = [];
  let depth = 0;
  let inQuote = false;
  let cur = '';
  for (let i = 0; i < q.length; i++) {
    const c = q[i];
    if (inQuote) {
      cur += c;
      if (c === '\\' && i + 1 < q.length) cur += q[++i];
      else if (c === '"') inQuote = false;
      continue;
    }
    if (c === '"') inQuote = true;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    if (/\s/.test(c) && depth === 0) {
      if (cur) parts.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  if (cur) parts.push(cur);
  return parts;
}

/**
 * The query with one more clause that every hit must satisfy. A query that is already a chain of AND-ed parts gets
 * " AND clause"; any other (the default operator is OR) is wrapped in parentheses first. A clause already present,
 * or its opposite, is replaced rather than repeated.
 */
export function addClause(q, c) {
  const query = (q || '').trim();
  if (!query) return c;
  const opposite = c.startsWith('-') ? c.slice(1) : '-' + c;
  let parts = topLevelParts(query);
  if (parts.includes(c)) return query;
  const i = parts.indexOf(opposite);
  if (i >= 0) {
    parts[i] = c;
    return parts.join(' ');
  }
  const isChain = parts.length === 1 || (parts.length % 2 === 1 && parts.every((p, k) => (k % 2 === 1) === (p === 'AND' || p === '&&')) && !parts.some((p, k) => k % 2 === 0 && (p === 'OR' || p === 'NOT' || p === '||')));
  parts = isChain ? parts : ['(' + query + ')'];
  return parts.join(' ') + ' AND ' + c;
}

/** Calls `fn` at most once per `ms`, with the last arguments. */
export function debounce(fn, ms) {
  let t = null;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}

/** Parses an HTML string into a single element. */
export function html(s) {
  const t = document.createElement('template');
  t.innerHTML = s.trim();
  return t.content.firstElementChild;
}

/** Relative presets of the time picker: label and the from expression (to is now). */
export const PRESETS = [
  ['5m', 'Last 5 minutes'],
  ['15m', 'Last 15 minutes'],
  ['1h', 'Last 1 hour'],
  ['4h', 'Last 4 hours'],
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
];

/** A time range for people: "Last 15 minutes" or "2026-12-01 06:00:00.000 → 06:15:00.000". */
export function rangeLabel(from, to) {
  if (to === 'now') {
    const p = PRESETS.find(([k]) => from === 'now-' + k);
    if (p) return p[1];
    if (/^now-\d+[smhdwMy]$/.test(from)) return 'Last ' + from.slice(4);
  }
  const f = /T/.test(from) ? fmtTime(normalizeIso(from)) : from;
  let t = /T/.test(to) ? fmtTime(normalizeIso(to)) : to;
  if (f.slice(0, 10) === t.slice(0, 10) && f.length > 10 && t.length > 10) t = t.slice(11);
  return `${f} → ${t}`;
}

function normalizeIso(s) {
  const ms = isoMillis(s);
  return Number.isNaN(ms) ? s : msIso(ms);
}

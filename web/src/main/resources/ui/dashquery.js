// Pure helpers of the dashboards: time expressions resolved in the browser (the metrics API takes Unix seconds),
// the step and rate window of a range, the placeholders of a dashboard's PromQL, legends, units and thresholds.

/** Milliseconds of a time unit of date math (M and y are calendar units, handled apart). */
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, H: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Milliseconds since the epoch of a time expression as the search API takes them: now-based date math (now, now-15m,
 * now+1h, now/d, now-1d/d; units ms s m h d w M y), ISO 8601 instants (UTC unless an offset is given), ISO dates, or
 * a number of microseconds. Throws an Error naming the expression when it does not parse.
 */
export function resolveTime(text, nowMs = Date.now()) {
  const s = String(text ?? '').trim();
  if (!s) throw new Error('time expression must not be empty');
  if (s.startsWith('now')) return dateMath(s, nowMs);
  if (/^-?\d+$/.test(s)) return Math.floor(Number(s) / 1000);
  if (/^\d{4}-\d\d-\d\d$/.test(s)) return Date.parse(s + 'T00:00:00Z');
  const zoned = /([zZ]|[+-]\d\d:?\d\d)$/.test(s);
  const ms = Date.parse(zoned ? s : s + 'Z');
  if (Number.isNaN(ms)) {
    throw new Error(`time must be an ISO 8601 instant or date (2026-11-22T10:15:30Z, 2026-11-22) or now-based date math (now-15m, now/d); got: ${s}`);
  }
  return ms;
}

function dateMath(s, nowMs) {
  const d = new Date(nowMs);
  let i = 3;
  while (i < s.length) {
    const op = s[i++];
    const m = /^(\d*)([a-zA-Z]+)/.exec(s.slice(i));
    if (!m || (op !== '/' && !m[1]) || (op === '/' && m[1])) {
      throw new Error(`expected now followed by +N<unit>, -N<unit> or /<unit> (units ms s m h d w M y); got: ${s}`);
    }
    i += m[0].length;
    const unit = m[2];
    if (!(unit in UNIT_MS) && unit !== 'M' && unit !== 'y') throw new Error(`time unit must be one of ms, s, m, h, d, w, M, y in '${s}'; got: '${unit}'`);
    if (op === '/') {
      roundDown(d, unit);
    } else if (op === '+' || op === '-') {
      const n = Number(m[1]) * (op === '-' ? -1 : 1);
      if (unit === 'M') d.setUTCMonth(d.getUTCMonth() + n);
      else if (unit === 'y') d.setUTCFullYear(d.getUTCFullYear() + n);
      else d.setTime(d.getTime() + n * UNIT_MS[unit]);
    } else {
      throw new Error(`expected '+', '-' or '/' at position ${i - 1} of '${s}'; got: '${op}'`);
    }
  }
  return d.getTime();
}

function roundDown(d, unit) {
  if (unit === 'ms') return;
  d.setUTCMilliseconds(0);
  if (unit === 's') return;
  d.setUTCSeconds(0);
  if (unit === 'm') return;
  d.setUTCMinutes(0);
  if (unit === 'h' || unit === 'H') return;
  d.setUTCHours(0);
  if (unit === 'w') d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7)); // ISO weeks start on Monday
  if (unit === 'd' || unit === 'w') return;
  d.setUTCDate(1);
  if (unit === 'y') d.setUTCMonth(0);
}

/** Steps (seconds) a range query may use: at most MAX_POINTS points per series, never below MIN_STEP. */
const STEPS = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
export const MAX_POINTS = 300;
export const MIN_STEP = 5;

/** The step in seconds of a range of `ms` milliseconds: the smallest of STEPS giving at most MAX_POINTS points. */
export function stepSeconds(ms) {
  const want = Math.max(MIN_STEP, Math.ceil(ms / 1000 / MAX_POINTS));
  return STEPS.find((s) => s >= want) || Math.ceil(want / 86400) * 86400;
}

/** The rate window in seconds for a step: four steps, but at least a minute (four 15 s scrapes). */
export function rateWindowSeconds(step) {
  return Math.max(60, 4 * step);
}

/** A PromQL duration of whole seconds: 60 -> 1m, 90 -> 90s, 7200 -> 2h. */
export function promDuration(seconds) {
  if (seconds % 3600 === 0) return seconds / 3600 + 'h';
  if (seconds % 60 === 0) return seconds / 60 + 'm';
  return seconds + 's';
}

/** A site name as an anchored regular expression inside a PromQL double-quoted string. */
export function siteRegex(site) {
  if (!site) return '.*';
  const re = String(site).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return re.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/**
 * A dashboard query with its placeholders replaced: $site (a regular expression for site=~"$site": every site, or
 * the chosen one) and $window (the rate window of the step, a PromQL duration).
 */
export function expandQuery(expr, { site = '', window = '1m' } = {}) {
  return String(expr).replace(/\$(site|window)\b/g, (_, name) => (name === 'site' ? siteRegex(site) : window));
}

/** The legend of a series: a template with {{label}} references, or its distinguishing labels. */
export function legendOf(metric, template, distinguishing) {
  if (template) return template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, k) => metric[k] ?? '').trim() || '(none)';
  const keys = distinguishing || Object.keys(metric).filter((k) => k !== '__name__');
  const parts = keys.filter((k) => metric[k] !== undefined).map((k) => `${k}=${metric[k]}`);
  return parts.length ? parts.join(', ') : metric.__name__ || 'value';
}

/** The labels whose values differ between the series (so a legend does not repeat what they share). */
export function distinguishingLabels(metrics) {
  const keys = new Set();
  for (const m of metrics) for (const k of Object.keys(m)) if (k !== '__name__') keys.add(k);
  return [...keys].filter((k) => new Set(metrics.map((m) => m[k])).size > 1).sort();
}

/** A sample value of the Prometheus API ("1.5", "NaN", "+Inf") as a number. */
export function sampleValue(v) {
  if (v === '+Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  return Number(v);
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
const SI = ['', 'k', 'M', 'G', 'T', 'P'];

function sig(v) {
  const a = Math.abs(v);
  if (Number.isInteger(v)) return String(v);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toPrecision(2);
}

function scaled(v, base, names) {
  let i = 0;
  let x = v;
  while (Math.abs(x) >= base && i < names.length - 1) {
    x /= base;
    i++;
  }
  return { x, name: names[i] };
}

/**
 * A value with its unit for people. Units: bytes, bytes/s, percent (0..100), seconds, ops/s, none (a plain number).
 */
export function fmtValue(v, unit) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  switch (unit) {
    case 'bytes':
    case 'bytes/s': {
      const { x, name } = scaled(v, 1024, BYTE_UNITS);
      return `${sig(x)} ${name}${unit === 'bytes/s' ? '/s' : ''}`;
    }
    case 'percent': {
      const a = Math.abs(v);
      return `${a >= 10 || a === 0 ? v.toFixed(0) : a >= 1 ? v.toFixed(1) : v.toPrecision(2)} %`;
    }
    case 'seconds': {
      const a = Math.abs(v);
      if (a === 0) return '0 s';
      if (a < 1e-3) return `${sig(v * 1e6)} µs`;
      if (a < 1) return `${sig(v * 1e3)} ms`;
      if (a < 120) return `${sig(v)} s`;
      if (a < 7200) return `${sig(v / 60)} min`;
      if (a < 172800) return `${sig(v / 3600)} h`;
      return `${sig(v / 86400)} d`;
    }
    case 'ops/s': {
      const { x, name } = scaled(v, 1000, SI);
      return `${sig(x)}${name}/s`;
    }
    default: {
      const { x, name } = scaled(v, 1000, SI);
      return `${sig(x)}${name}`;
    }
  }
}

/**
 * The level of a value against a panel's thresholds {warning, critical, below}: 'critical', 'warning' or 'ok'. Without
 * `below`, a value at or above a threshold crosses it (CPU busy); with `below: true`, a value at or below it does
 * (available memory). A value that is not a finite number is 'ok'.
 */
export function levelOf(v, thresholds) {
  if (!thresholds || v === null || v === undefined || !Number.isFinite(v)) return 'ok';
  const crosses = (t) => t !== undefined && t !== null && (thresholds.below ? v <= t : v >= t);
  if (crosses(thresholds.critical)) return 'critical';
  if (crosses(thresholds.warning)) return 'warning';
  return 'ok';
}

const RANK = { ok: 0, warning: 1, critical: 2 };

/** The worse of two levels. */
export function worse(a, b) {
  return RANK[b] > RANK[a] ? b : a;
}

/** How bad a value is, for sorting worst first: larger is worse (below-thresholds invert the value). */
export function badness(v, thresholds) {
  if (!Number.isFinite(v)) return -Infinity;
  return thresholds && thresholds.below ? -v : v;
}

// The client of /api/v1: JSON in and out, the session cookie, the CSRF token on state-changing calls, and one event
// ('triad:unauthorized' on window) whenever the server answers 401, so the app can show its login form.

export const API = '/api/v1';

let csrfToken = null;

/** Remembers the session's CSRF token (from login or /auth/me); null forgets it. */
export function setCsrfToken(token) {
  csrfToken = token || null;
}

/** An answer other than 2xx: `status`, the parsed body (`{error, status, kind, column, ...}`) and its message. */
export class ApiError extends Error {
  constructor(status, body, path) {
    const message = body && typeof body === 'object' && body.error ? body.error
      : typeof body === 'string' && body ? body.slice(0, 300) : `HTTP ${status}`;
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body && typeof body === 'object' ? body : {};
    this.path = path;
  }
}

/** The URL of an API path with its query parameters (empty and null values are left out). */
export function apiUrl(path, params) {
  let url = API + path;
  if (params) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
    }
    const s = p.toString();
    if (s) url += (url.includes('?') ? '&' : '?') + s;
  }
  return url;
}

/**
 * Calls the API. Resolves with the parsed JSON body (null for an empty one); rejects with an ApiError for a non-2xx
 * answer, or with the fetch's own error (an AbortError when `signal` aborts).
 */
export async function api(path, { method = 'GET', params, body, signal } = {}) {
  // X-Requested-With: the server then leaves WWW-Authenticate out of a 401, so the browser shows no dialog of its own
  const headers = { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const res = await fetch(apiUrl(path, params), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    signal,
  });
  const type = res.headers.get('Content-Type') || '';
  const text = await res.text();
  let data = null;
  if (text) {
    if (type.includes('json')) {
      try {
        data = JSON.parse(text);
      } catch {
        data = text;
      }
    } else {
      data = text;
    }
  }
  if (!res.ok) {
    if (res.status === 401 && path !== '/auth/login') {
      window.dispatchEvent(new CustomEvent('triad:unauthorized', { detail: { path } }));
    }
    throw new ApiError(res.status, data, path);
  }
  return data;
}

/** Whether an error is the abort of a superseded request (not worth showing). */
export function isAbort(e) {
  return e && (e.name === 'AbortError' || e.code === 20);
}

// The login form: POST /api/v1/auth/login, then hands the session ({username, role, csrfToken}) to the app.

import { api } from './api.js';
import { esc } from './format.js';

export function renderLogin(root, { message, onLogin }) {
  root.innerHTML = `
    <form class="login" id="login-form" autocomplete="on">
      <h1>Triad</h1>
      <p class="muted">Site appliance: log search, correlation and live tail</p>
      ${message ? `<p class="notice">${esc(message)}</p>` : ''}
      <label>User name <input id="login-username" name="username" autocomplete="username" required autofocus></label>
      <label>Password <input id="login-password" name="password" type="password" autocomplete="current-password" required></label>
      <p class="error" id="login-error" role="alert" hidden></p>
      <button type="submit" id="login-submit" class="btn-primary">Log in</button>
    </form>`;
  const form = root.querySelector('#login-form');
  const error = root.querySelector('#login-error');
  const button = root.querySelector('#login-submit');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    button.disabled = true;
    try {
      const me = await api('/auth/login', {
        method: 'POST',
        body: { username: form.username.value, password: form.password.value },
      });
      onLogin(me);
    } catch (err) {
      error.textContent = err.status === 401
        ? `Login failed: ${err.message && err.message !== 'HTTP 401' ? err.message : 'wrong user name or password'}`
        : err.status === 429
          ? `Login refused: ${err.message && err.message !== 'HTTP 429' ? err.message : 'too many failed logins; wait a moment and try again'}`
          : `Login failed: ${err.message}`;
      error.hidden = false;
      form.password.value = '';
      form.password.focus();
    } finally {
      button.disabled = false;
    }
  });
}

// The License view: the cluster's license state as this site sees it (state, reason, grace left), the license's terms,
// every site's dongle with its last attestation, the audit trail, and (admin) installing a new license file. It polls
// /api/v1/license every 5 s while shown, so pulling a dongle shows within seconds.

import { api, isAbort } from './api.js';
import { esc, fmtDuration } from './format.js';

const REFRESH_MS = 5_000;
const STATE_TEXT = {
  licensed: 'Licensed',
  grace: 'Grace period',
  restricted: 'Restricted mode',
  unlicensed: 'Unlicensed',
};

/** Milliseconds of an ISO-8601 duration such as PT71H59M58S or P30D (days, hours, minutes, seconds). */
export function isoDurationMs(text) {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text || '');
  if (!m) return NaN;
  const [, d, h, min, s] = m.map((x) => Number(x || 0));
  return (((d * 24 + h) * 60 + min) * 60 + s) * 1000;
}

function when(iso) {
  if (!iso) return '<span class="muted">never</span>';
  const ago = Date.now() - Date.parse(iso);
  return `<span title="${esc(iso)}">${esc(new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))}`
    + `${Number.isFinite(ago) && ago >= 0 ? ` <span class="muted">(${esc(fmtDuration(ago))} ago)</span>` : ''}</span>`;
}

export function mount(root) {
  root.innerHTML = `
    <div class="license-page">
      <section id="license-state" class="license-state muted">loading…</section>
      <section><h2>Sites and dongles</h2><div id="license-sites" class="muted">loading…</div></section>
      <section><h2>License</h2><div id="license-terms" class="muted">loading…</div></section>
      <section id="license-install-section"><h2>Install a license</h2>
        <form id="license-form" class="license-form">
          <input type="file" id="license-file" accept=".json,application/json">
          <button type="submit" id="license-install">Install</button>
          <span id="license-message" class="small"></span>
        </form>
        <p class="muted small">A license file from the vendor (<code>triad license issue</code>). It is checked against the
          trusted vendor keys before it replaces the installed one; installing works in every state.</p></section>
      <section><h2>History</h2><div id="license-history" class="muted">loading…</div></section>
    </div>`;
  const stateBox = root.querySelector('#license-state');
  const sitesBox = root.querySelector('#license-sites');
  const termsBox = root.querySelector('#license-terms');
  const historyBox = root.querySelector('#license-history');
  const message = root.querySelector('#license-message');
  let controller = null;
  let timer = null;

  async function load() {
    if (controller) controller.abort();
    controller = new AbortController();
    const { signal } = controller;
    try {
      const [status, history] = await Promise.all([
        api('/license', { signal }),
        api('/license/history', { params: { limit: 50 }, signal }),
      ]);
      drawState(status);
      drawSites(status);
      drawTerms(status);
      drawHistory(history.entries || []);
    } catch (e) {
      if (!isAbort(e)) stateBox.innerHTML = `<div class="error">${esc(e.message)}</div>`;
    }
  }

  function drawState(s) {
    const grace = isoDurationMs(s.graceRemaining);
    const q = s.quorum || {};
    stateBox.className = `license-state lic-${esc(s.state)}`;
    stateBox.innerHTML = `
      <div class="lic-head"><span class="lic-badge" id="license-badge" data-state="${esc(s.state)}">${esc(STATE_TEXT[s.state] || s.state)}</span>
        ${s.license && s.license.demo ? '<span class="lic-demo" title="signed by the published demo vendor key">DEMO license</span>' : ''}
        <span class="lic-quorum">dongles attested at <b id="license-attested">${esc(q.attested)}</b> of ${esc((s.sites || []).length)} sites,
          ${esc(q.required)} needed</span></div>
      <div class="lic-reason" id="license-reason">${esc(s.reason)}</div>
      ${s.state === 'grace' ? `<div class="lic-grace" id="license-grace">Grace left: <b>${esc(fmtDuration(grace))}</b> — then restricted mode</div>` : ''}
      ${s.configurationLocked ? '<div class="lic-locked" id="license-locked">Configuration changes are locked. Inputs, indexing, search and alarms keep working.</div>' : ''}
      ${s.clock && s.clock.rollbackDetected ? `<div class="lic-locked">Clock check: ${esc(s.clock.detail)}</div>` : ''}`;
  }

  function dongleCell(d) {
    if (!d) return '<span class="muted">none assigned</span>';
    const cls = d.attested ? 'ok' : d.present ? 'warn' : 'bad';
    const text = d.attested ? 'attested' : d.present ? 'present, not attested' : 'missing';
    return `<span class="lic-dongle ${cls}">${esc(text)}</span> <span class="mono">${esc(d.serial)}</span>`
      + (d.firmware ? ` <span class="muted small">fw ${esc(d.firmware)}</span>` : '');
  }

  function drawSites(s) {
    const sites = s.sites || [];
    sitesBox.innerHTML = `<table class="alerts-table license-sites"><thead><tr><th>Site</th><th>Role</th><th>Dongle</th>
      <th>Last attestation</th><th>Last report</th><th>Problem</th></tr></thead><tbody>${sites.map((x) => `
      <tr data-site="${esc(x.id)}" class="${x.dongle && x.dongle.attested ? 'site-ok' : 'site-bad'}">
        <td><b>${esc(x.id)}</b>${x.id === s.site ? ' <span class="muted small">(this site)</span>' : ''}</td>
        <td>${esc(x.role)}</td><td>${dongleCell(x.dongle)}</td>
        <td>${when(x.dongle && x.dongle.lastAttestation)}</td><td>${when(x.reportedAt)}</td>
        <td class="small">${esc(x.problem || '')}${(x.otherDongles || []).map((d) => `<div class="muted">also plugged in: ${esc(d.serial || d.address)} — ${esc(d.problem || '')}</div>`).join('')}</td></tr>`).join('')}
      </tbody></table>`;
  }

  function drawTerms(s) {
    const l = s.license;
    if (!l) {
      termsBox.innerHTML = '<div class="muted">No usable license is installed.</div>';
      return;
    }
    const expires = isoDurationMs(l.expiresIn);
    const soon = expires < 30 * 86400_000;
    const row = (k, v) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`;
    termsBox.innerHTML = `<table class="license-terms">${[
      row('License', `<span class="mono" id="license-id">${esc(l.licenseId)}</span>`),
      row('Customer', esc(l.customer)),
      row('Cluster', esc(l.clusterId)),
      row('Signed by', `<span class="mono">${esc(l.vendorKeyId)}</span>${l.demo ? ' <span class="lic-demo">DEMO</span>' : ''}`),
      row('Valid', `${esc(l.notBefore)} to ${esc(l.notAfter)} <span class="${soon ? 'lic-expiring' : 'muted'}">(${esc(fmtDuration(expires))} left)</span>`),
      row('Modules', (l.modules || []).map((m) => `<span class="lic-module">${esc(m)}</span>`).join(' ')),
      row('Limits', Object.entries(l.limits || {}).map(([k, v]) => `${esc(k)} ${esc(v)}`).join(', ') || '<span class="muted">none</span>'),
      row('Policy', `attestations count for ${esc(fmtDuration(isoDurationMs(l.attestationMaxAge)))}; grace ${esc(fmtDuration(isoDurationMs(l.minorityGrace)))}
        below the quorum, ${esc(fmtDuration(isoDurationMs(l.noDongleGrace)))} with no dongle at all`),
    ].join('')}</table>`;
  }

  function drawHistory(list) {
    if (!list.length) {
      historyBox.innerHTML = '<div class="muted">No entries.</div>';
      return;
    }
    historyBox.innerHTML = `<table class="alerts-table license-history"><thead><tr><th>When</th><th>Kind</th><th>State</th>
      <th>What</th></tr></thead><tbody>${list.map((e) => `<tr><td class="nowrap">${esc(e.at)}</td><td>${esc(e.kind)}</td>
      <td><span class="lic-state-chip lic-${esc(e.state)}">${esc(e.state)}</span></td><td>${esc(e.message)}</td></tr>`).join('')}</tbody></table>`;
  }

  root.querySelector('#license-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = root.querySelector('#license-file').files[0];
    message.className = 'small';
    if (!file) {
      message.textContent = 'choose a license file first';
      return;
    }
    let doc;
    try {
      doc = JSON.parse(await file.text());
    } catch (err) {
      message.className = 'small error';
      message.textContent = 'not a license file: ' + err.message;
      return;
    }
    try {
      const s = await api('/license', { method: 'POST', body: doc });
      message.textContent = `installed: ${s.state} — ${s.reason}`;
      load();
    } catch (err) {
      message.className = 'small error';
      message.textContent = err.message;
    }
  });

  load();
  timer = setInterval(load, REFRESH_MS);
  return {
    update() {},
    destroy() {
      clearInterval(timer);
      if (controller) controller.abort();
    },
  };
}

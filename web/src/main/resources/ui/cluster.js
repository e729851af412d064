// The Cluster view: the cluster as this site sees it, live from /api/v1/cluster/watch (Server-Sent Events: one
// `cluster` event at once and one after every change). It shows who leads in which term and epoch, each site's state,
// where every component should run on each data site (primary, standby, active with its share, stopped) beside what
// that site's agent last did and the component's health there, and the latest history (reloaded whenever a new state
// version arrives). Operators and admins move, drain and undrain components and put data sites into maintenance; the
// stream then shows the controller carrying it out. Rolling updates: the open one (the stream's `rollout`) with its
// steps' phases, live; operators pause, resume and cancel it and plan new ones; the finished ones are read from
// /api/v1/cluster/rollouts when the open one changes or the history shows a rollout event (drawn by rollouts.js).
// A lost stream is reopened after a growing delay; nothing polls.

import { api, apiUrl, isAbort } from './api.js';
import { esc, fmtTime } from './format.js';
import * as rollouts from './rollouts.js';

export const HISTORY_LIMIT = 50;
const BACKOFF_MIN_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;
const OPERATORS = new Set(['operator', 'admin']);
const HISTORY_CLASS = {
  failover: 'ev-failover',
  'hook-failed': 'ev-failed',
  failback: 'ev-failback',
  switchover: 'ev-failback',
  promotion: 'ev-promotion',
  demote: 'ev-promotion',
  maintenance: 'ev-maintenance',
  control: 'ev-control',
};

/** A placement role for people: `primary`, `standby`, `active 50 %`, `stopped`. */
export function roleText(role, weight) {
  return role === 'active' ? `active ${weight} %` : String(role || '');
}

/**
 * How one cell of the placement matrix stands: `ok` (the site's agent holds the desired role), `pending` (no report
 * yet), `moving` (the agent still holds another role) or `failed` (its last hooks failed), with text for people.
 */
export function cellStatus(p) {
  const a = p.applied;
  if (!a) {
    return p.role === 'stopped'
      ? { state: 'ok', text: '', title: '' }
      : { state: 'pending', text: 'waiting for the agent', title: `${p.site}'s agent has not reported this component yet` };
  }
  const held = roleText(a.role, a.weight);
  const since = a.at ? ` at ${fmtTime(a.at)}` : '';
  if (a.ok === false) {
    return { state: 'failed', text: `hook failed (holds ${held})`, title: `${a.detail} — epoch ${a.epoch}${since}` };
  }
  const same = a.role === p.role && (p.role !== 'active' || a.weight === p.weight);
  if (!same) {
    return {
      state: 'moving',
      text: `now ${held} → ${roleText(p.role, p.weight)}`,
      title: `the agent holds ${held} (epoch ${a.epoch}${since}: ${a.detail}); the placement asks for ${roleText(p.role, p.weight)}`,
    };
  }
  return { state: 'ok', text: '', title: `${a.detail} — epoch ${a.epoch}${since}` };
}

function actionKey(action, { component, site }) {
  return `${action}/${component || ''}/${site || ''}`;
}

export function mount(root, { session } = {}) {
  const canOperate = !!session && (session.anonymous || OPERATORS.has(session.role));
  root.innerHTML = `
    <div class="cluster-page">
      <div class="cl-head">
        <h2>Cluster</h2>
        <dl class="cl-facts" id="cluster-facts"></dl>
        <span class="spacer"></span>
        <span id="cluster-live" class="status connecting" role="status">connecting…</span>
      </div>
      <div id="cluster-banner" class="cl-banner" role="alert" hidden></div>
      <div id="cluster-message" class="cl-message" role="status" aria-live="polite" hidden></div>
      <div id="cluster-body" class="cl-body">
        <section class="cl-section"><h3>Sites</h3><div id="cluster-sites" class="muted">loading…</div></section>
        <section class="cl-section cl-rollouts" id="cluster-rollouts"><h3>Rolling updates</h3>
          <div id="cluster-rollout-box" class="muted">loading…</div>
          ${canOperate ? `<details id="cluster-rollout-new" class="cl-ro-new"><summary>Start a rolling update…</summary>
            <div id="cluster-rollout-new-body"></div></details>` : ''}
          <h4 class="cl-ro-past-title">Finished <span class="muted small">(latest ${rollouts.PAST_LIMIT}, newest first)</span></h4>
          <div id="cluster-rollouts-past" class="muted">loading…</div></section>
        <section class="cl-section"><h3>Placement</h3><div id="cluster-matrix" class="muted">loading…</div>
          <p class="muted small cl-legend">Each cell: the role the placement asks of the site; below it what the site's agent
            holds when that differs (a transition in progress) or its hooks failed, then the component's health there.</p></section>
        <section class="cl-section"><h3>History <span class="muted small">(latest ${HISTORY_LIMIT}, newest first)</span></h3>
          <div id="cluster-history" class="muted">loading…</div></section>
      </div>
      <dialog id="cluster-confirm" class="cl-dialog" aria-labelledby="cluster-confirm-title" aria-describedby="cluster-confirm-text">
        <form method="dialog">
          <h3 id="cluster-confirm-title"></h3>
          <p id="cluster-confirm-text"></p>
          <div class="cl-dialog-buttons">
            <button type="submit" value="cancel" id="cluster-confirm-cancel">Cancel</button>
            <button type="submit" value="ok" id="cluster-confirm-ok" class="btn-primary"></button>
          </div>
        </form>
      </dialog>
    </div>`;
  const facts = root.querySelector('#cluster-facts');
  const live = root.querySelector('#cluster-live');
  const banner = root.querySelector('#cluster-banner');
  const message = root.querySelector('#cluster-message');
  const body = root.querySelector('#cluster-body');
  const sitesBox = root.querySelector('#cluster-sites');
  const matrixBox = root.querySelector('#cluster-matrix');
  const historyBox = root.querySelector('#cluster-history');
  const rolloutBox = root.querySelector('#cluster-rollout-box');
  const pastBox = root.querySelector('#cluster-rollouts-past');
  const newBox = root.querySelector('#cluster-rollout-new');
  const dialog = root.querySelector('#cluster-confirm');

  let cluster = null; // the latest state from the stream
  let closed = false;
  let source = null;
  let generation = 0; // of connect(): a newer call, or destroy(), makes an older one stop
  let retryTimer = 0;
  let backoff = BACKOFF_MIN_MS;
  const busy = new Set(); // keys of the actions waiting for their answer
  const history = { wanted: -1, loading: false, controller: null };
  // the rollouts list: `wanted` grows whenever it may have changed; `past` is the last one read (finished ones only)
  const ro = { wanted: 0, loaded: -1, loading: false, controller: null, past: null, open: '', lastEvent: -1 };
  const seenOpen = new Set(); // rollouts this page showed open: unfolded once they finish
  const folded = new Map(); // rollout id -> whether its <details> is open, as the user left it
  // the new rollout's form: chosen components, the data sites in order (each on or off), the id
  const plan = { components: new Set(), sites: [], id: '', shape: '' };

  // ---- the stream

  function setLive(state, text) {
    live.className = 'status ' + (state === 'live' ? 'live' : state === 'connecting' ? 'connecting' : 'down');
    live.textContent = text;
    root.dataset.live = state;
    body.classList.toggle('cl-stale', state !== 'live' && cluster !== null);
  }

  async function connect() {
    const mine = ++generation;
    if (source) source.close();
    source = null;
    setLive(cluster ? 'reconnecting' : 'connecting', cluster ? 'reconnecting…' : 'connecting…');
    // EventSource cannot send X-Requested-With nor show a status: ask for the session first, so an expired one shows
    // the login form (api() announces the 401) rather than a stream that fails again and again
    try {
      await api('/auth/me');
    } catch (e) {
      if (mine !== generation) return;
      if (e.status === 401) return;
      if (e.status !== 404) {
        retryLater();
        return;
      }
    }
    if (mine !== generation) return;
    const es = new EventSource(apiUrl('/cluster/watch'), { withCredentials: true });
    source = es;
    es.onopen = () => {
      if (source === es) setLive('live', 'live');
    };
    es.addEventListener('cluster', (m) => {
      if (source !== es) return;
      let s;
      try {
        s = JSON.parse(m.data);
      } catch {
        return; // a malformed event is skipped; the next one replaces it anyway
      }
      backoff = BACKOFF_MIN_MS;
      setLive('live', 'live');
      receive(s);
    });
    es.onerror = () => {
      if (source !== es) return;
      // the browser's own retry would hide a refusal (401, 503): reopen it here, after a growing delay
      es.close();
      source = null;
      retryLater();
    };
  }

  function retryLater() {
    if (closed) return;
    const delay = backoff;
    backoff = Math.min(backoff * 2, BACKOFF_MAX_MS);
    setLive('reconnecting', `reconnecting in ${Math.round(delay / 1000)} s…`);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, delay);
  }

  function receive(s) {
    const version = s.version;
    cluster = s;
    const open = s.rollout ? `${s.rollout.id}/${s.rollout.status}` : '';
    if (s.rollout) seenOpen.add(s.rollout.id);
    if (open !== ro.open || ro.loaded < 0) {
      ro.open = open;
      wantRollouts();
    }
    draw();
    if (version !== history.wanted) {
      history.wanted = version;
      if (!history.loading) loadHistory();
    }
  }

  function wantRollouts() {
    ro.wanted++;
    if (!ro.loading) loadRollouts();
  }

  async function loadRollouts() {
    ro.loading = true;
    const w = ro.wanted;
    ro.controller = new AbortController();
    try {
      const r = await api('/cluster/rollouts', { signal: ro.controller.signal });
      ro.past = ((r && r.rollouts) || []).filter((x) => !rollouts.isOpen(x)).slice(0, rollouts.PAST_LIMIT);
      ro.loaded = w;
      if (cluster && !closed) drawPast(cluster);
    } catch (e) {
      if (!isAbort(e)) pastBox.innerHTML = `<div class="error">Cannot read the rollouts: ${esc(e.message)}</div>`;
    } finally {
      ro.loading = false;
      if (!closed && ro.wanted !== w) loadRollouts();
    }
  }

  async function loadHistory() {
    history.loading = true;
    const v = history.wanted;
    history.controller = new AbortController();
    try {
      const h = await api('/cluster/history', { params: { limit: HISTORY_LIMIT }, signal: history.controller.signal });
      drawHistory((h && h.events) || [], v);
    } catch (e) {
      if (!isAbort(e)) historyBox.innerHTML = `<div class="error">Cannot read the history: ${esc(e.message)}</div>`;
    } finally {
      history.loading = false;
      if (!closed && history.wanted !== v) loadHistory();
    }
  }

  // ---- drawing

  function draw() {
    const focused = document.activeElement && root.contains(document.activeElement) ? document.activeElement.dataset.key : null;
    drawHead(cluster);
    drawSites(cluster);
    drawMatrix(cluster);
    drawRollouts(cluster);
    if (focused) {
      const again = root.querySelector(`button[data-key="${CSS.escape(focused)}"]`);
      if (again) again.focus();
    }
  }

  function drawHead(s) {
    const fact = (id, label, value) => `<div><dt>${esc(label)}</dt><dd id="${id}">${value}</dd></div>`;
    facts.innerHTML = [
      fact('cluster-site', 'This site', esc(s.site)),
      fact('cluster-leader', 'Leader', s.leader ? esc(s.leader) : '<span class="cl-none">none</span>'),
      fact('cluster-term', 'Term', esc(s.term)),
      fact('cluster-epoch', 'Epoch', esc(s.epoch)),
      fact('cluster-version', 'Version', esc(s.version)),
      fact('cluster-lease', 'Lease', s.lease ? '<span class="cl-ok">held</span>' : '<span class="cl-bad">lost</span>'),
    ].join('');
    const problems = [];
    if (!s.lease) {
      // what its own agent runs now: the state it shows is the last it applied, which it cannot update
      const here = Object.entries(s.agent || {}).map(([c, r]) => `${c} ${r}`).join(', ');
      problems.push(`This site has lost touch with the quorum; it runs no primary.${here ? ` Its agent runs now: ${here}.` : ''}`);
    }
    if (!s.leader) problems.push('There is no leader: no site can decide a placement until a quorum elects one.');
    banner.hidden = problems.length === 0;
    banner.innerHTML = problems.map((p) => `<div>${esc(p)}</div>`).join('');
  }

  function dataSites(s) {
    return (s.sites || []).filter((x) => x.role === 'data');
  }

  function stateChip(state) {
    return `<span class="cl-state st-${esc(state)}">${esc(state)}</span>`;
  }

  // an action's button: data-action (move, drain, undrain, unpin, maintenance-on, maintenance-off) and its target
  function button(action, target, label, aria, extra = '') {
    const key = actionKey(action, target);
    const waiting = busy.has(key);
    return `<button type="button" class="cl-act${extra}" data-key="${esc(key)}" data-action="${action}"
      ${target.component ? `data-component="${esc(target.component)}"` : ''} ${target.site ? `data-site="${esc(target.site)}"` : ''}
      aria-label="${esc(aria)}" title="${esc(aria)}"${waiting ? ' disabled' : ''}>${waiting ? '…' : esc(label)}</button>`;
  }

  function drawSites(s) {
    const sites = s.sites || [];
    if (!sites.length) {
      sitesBox.innerHTML = '<div class="muted">No site has joined yet: the leader registers them on its first round.</div>';
      return;
    }
    sitesBox.className = '';
    sitesBox.innerHTML = `<table class="alerts-table cl-sites"><thead><tr><th scope="col">Site</th><th scope="col">Role</th>
      <th scope="col">State</th><th scope="col">Leader</th>${canOperate ? '<th scope="col">Maintenance</th>' : ''}</tr></thead>
      <tbody>${sites.map((x) => `<tr data-site="${esc(x.id)}" data-state="${esc(x.state)}" class="cl-site st-row-${esc(x.state)}">
        <th scope="row"><b>${esc(x.id)}</b>${x.id === s.site ? ' <span class="muted small">(this site)</span>' : ''}</th>
        <td>${esc(x.role)}</td><td>${stateChip(x.state)}</td>
        <td>${x.leader ? '<span class="cl-leader" title="the site whose controller decides the placement">leader</span>' : ''}</td>
        ${canOperate ? `<td>${x.role === 'data'
          ? (x.state === 'maintenance'
            ? button('maintenance-off', { site: x.id }, 'Maintenance off', `Take ${x.id} out of maintenance`)
            : button('maintenance-on', { site: x.id }, 'Maintenance on', `Put ${x.id} into maintenance`))
          : '<span class="muted small">never runs components</span>'}</td>` : ''}
      </tr>`).join('')}</tbody></table>`;
  }

  function healthHtml(p, stopped) {
    const h = p.health;
    if (!h) return '<div class="cl-health unknown" data-health="unknown">health not reported</div>';
    const title = `${h.detail}${h.at ? ` (checked at ${fmtTime(h.at)})` : ''}`;
    return `<div class="cl-health ${h.healthy ? 'healthy' : 'unhealthy'}${stopped ? ' last' : ''}" title="${esc(title)}">
      <span class="cl-dot" aria-hidden="true"></span>${stopped ? 'last report: ' : ''}${h.healthy ? 'healthy' : 'unhealthy'}
      <span class="cl-detail">${esc(h.detail)}</span></div>`;
  }

  function cellHtml(s, c, site) {
    const p = (c.placement || []).find((x) => x.site === site.id);
    const drained = (c.drained || []).includes(site.id);
    const pinned = c.pinned === site.id;
    if (!p) {
      return `<td class="cl-cell role-none" data-site="${esc(site.id)}" data-role="" data-drained="${drained}">
        <span class="muted">not placed</span></td>`;
    }
    const st = cellStatus(p);
    const stopped = p.role === 'stopped' && (!p.applied || p.applied.role === 'stopped');
    const markers = [];
    if (pinned) markers.push('<span class="cl-mark pinned" title="an operator pinned the primary here">pinned</span>');
    if (drained) markers.push('<span class="cl-mark drained" title="an operator drained the component off this site">drained</span>');
    const actions = [];
    if (canOperate) {
      const target = { component: c.name, site: site.id };
      if (c.mode === 'active-standby' && p.role !== 'primary' && !pinned && !drained && site.state === 'up') {
        actions.push(button('move', target, 'Move here', `Move ${c.name}'s primary to ${site.id}`));
      }
      actions.push(drained
        ? button('undrain', target, 'Undrain', `Undrain ${c.name} on ${site.id}`)
        : button('drain', target, 'Drain', `Drain ${c.name} off ${site.id}`));
    }
    const health = p.health ? (p.health.healthy ? 'healthy' : 'unhealthy') : 'unknown';
    return `<td class="cl-cell role-${esc(p.role)} cs-${st.state} h-${health}${site.state !== 'up' ? ' site-' + esc(site.state) : ''}"
        data-site="${esc(site.id)}" data-role="${esc(p.role)}" data-weight="${esc(p.weight)}" data-status="${st.state}"
        data-applied="${esc(p.applied ? p.applied.role : '')}" data-health="${health}" data-drained="${drained}" data-pinned="${pinned}">
      <div class="cl-role-line"><span class="cl-role r-${esc(p.role)}"${st.title ? ` title="${esc(st.title)}"` : ''}>${esc(roleText(p.role, p.weight))}</span>
        ${markers.join(' ')}</div>
      ${st.text ? `<div class="cl-transition ${st.state}" title="${esc(st.title)}"><span aria-hidden="true">${st.state === 'failed' ? '✗' : '⟳'}</span>
        ${esc(st.text)}${st.state === 'failed' ? `<span class="cl-detail">${esc(p.applied.detail)}</span>` : ''}</div>` : ''}
      ${(drained || site.state !== 'up') && p.role !== 'stopped' ? `<div class="cl-still" title="${esc(drained
        ? `${c.name} is drained off ${site.id}, but the placement still gives it a role here`
        : `${site.id} is ${site.state}, but the placement still gives ${c.name} a role here`)}">still placed here: no other data site has taken it</div>` : ''}
      ${healthHtml(p, stopped)}
      ${actions.length ? `<div class="cl-actions">${actions.join(' ')}</div>` : ''}
    </td>`;
  }

  function drawMatrix(s) {
    const sites = dataSites(s);
    const comps = s.components || [];
    if (!comps.length) {
      matrixBox.className = 'muted';
      matrixBox.textContent = 'No component is placed yet (cluster.components in the configuration; the leader defines them on its first round).';
      return;
    }
    matrixBox.className = '';
    // fixed columns, so a cell's longer text never shifts the others as the stream redraws
    matrixBox.innerHTML = `<table class="cl-matrix" id="cluster-matrix-table" style="width: ${200 + 300 * sites.length}px">
      <thead><tr><th scope="col" class="cl-comp-col">Component</th>${sites.map((x) => `<th scope="col" data-site="${esc(x.id)}">${esc(x.id)}
        ${x.state !== 'up' ? stateChip(x.state) : ''}${x.leader ? ' <span class="cl-leader small">leader</span>' : ''}</th>`).join('')}</tr></thead>
      <tbody>${comps.map((c) => `<tr data-component="${esc(c.name)}">
        <th scope="row" class="cl-comp">
          <div class="cl-comp-name">${esc(c.name)}</div>
          <div class="cl-mode muted small">${esc(c.mode)}</div>
          ${c.pinned ? `<div class="cl-pin small">pinned to <b>${esc(c.pinned)}</b>
            ${canOperate ? button('unpin', { component: c.name }, 'Unpin', `Unpin ${c.name}`, ' link') : ''}</div>` : ''}
          ${(c.drained || []).length ? `<div class="small">drained off <b>${esc(c.drained.join(', '))}</b></div>` : ''}
          ${c.failbackSuspended ? `<div><span class="cl-suspended" title="${esc(c.failoversLastHour)} failovers within the last hour:
            automatic failback is off until the hour has passed">failback suspended</span></div>` : ''}
          ${c.failoversLastHour > 0 && !c.failbackSuspended ? `<div class="small cl-failovers">${esc(c.failoversLastHour)} failover${c.failoversLastHour === 1 ? '' : 's'} in the last hour</div>` : ''}
        </th>
        ${sites.map((x) => cellHtml(s, c, x)).join('')}</tr>`).join('')}
      </tbody></table>`;
  }

  function drawHistory(events, version) {
    historyBox.dataset.version = String(version);
    const latest = events.find((e) => e.type === 'rollout');
    if (latest && latest.version > ro.lastEvent) {
      const first = ro.lastEvent < 0;
      ro.lastEvent = latest.version;
      if (!first) wantRollouts(); // a step, a pause, a start or an end that the stream's open rollout may not show
    }
    if (!events.length) {
      historyBox.className = 'muted';
      historyBox.textContent = 'Nothing has happened yet.';
      return;
    }
    historyBox.className = '';
    historyBox.innerHTML = `<table class="alerts-table cl-history"><thead><tr><th scope="col">When (UTC)</th><th scope="col">Type</th>
      <th scope="col">Site</th><th scope="col">What</th><th scope="col" class="num">Version</th></tr></thead>
      <tbody>${events.map((e) => `<tr class="${HISTORY_CLASS[e.type] || ''}" data-type="${esc(e.type)}">
        <td class="nowrap mono">${esc(fmtTime(e.at))}</td><td><span class="cl-ev">${esc(e.type)}</span></td>
        <td>${esc(e.site)}</td><td class="cl-what">${esc(e.detail)}</td><td class="num muted">${esc(e.version)}</td></tr>`).join('')}
      </tbody></table>`;
  }

  // ---- rolling updates

  // a rollout's button: data-action rollout-pause, rollout-resume or rollout-cancel, data-rollout its id
  function rolloutButton(action, id, label, aria, extra = '') {
    const key = `${action}/${id}`;
    const waiting = busy.has(key);
    return `<button type="button" class="cl-act${extra}" data-key="${esc(key)}" data-action="${action}" data-rollout="${esc(id)}"
      aria-label="${esc(aria)}" title="${esc(aria)}"${waiting ? ' disabled' : ''}>${waiting ? '…' : esc(label)}</button>`;
  }

  function drawRollouts(s) {
    const r = s.rollout;
    if (r) {
      rolloutBox.className = '';
      rolloutBox.innerHTML = rollouts.openHtml(r, { cluster: s, canOperate, button: rolloutButton });
    } else {
      rolloutBox.className = 'cl-ro-none muted';
      rolloutBox.innerHTML = `No rolling update is running.${canOperate ? '' : ' Operators start them here or with <code>triad rollout start</code>.'}`;
    }
    if (ro.past) drawPast(s);
    if (newBox) drawForm(s);
  }

  function drawPast(s) {
    // a finished rollout that this page showed open is unfolded, until the user folds it
    const expanded = (id) => (folded.has(id) ? folded.get(id) : seenOpen.has(id));
    const drainButton = (component, site) => button('undrain', { component, site }, `Undrain ${component} on ${site}`, `Undrain ${component} on ${site}`);
    pastBox.className = '';
    pastBox.innerHTML = rollouts.pastHtml(ro.past, { cluster: s, canOperate, expanded, drainButton });
  }

  function drawForm(s) {
    const names = (s.components || []).map((c) => c.name);
    const sites = dataSites(s).map((x) => x.id);
    const shape = JSON.stringify([names, sites]);
    const body = newBox.querySelector('#cluster-rollout-new-body');
    if (shape !== plan.shape) {
      // the components or sites changed (or the first state came): keep the choices that still apply
      plan.shape = shape;
      for (const c of [...plan.components]) if (!names.includes(c)) plan.components.delete(c);
      const kept = plan.sites.filter((x) => sites.includes(x.id));
      for (const id of sites) if (!kept.some((x) => x.id === id)) kept.push({ id, on: true });
      plan.sites = kept;
      body.innerHTML = names.length && sites.length
        ? rollouts.formHtml(names, plan)
        : '<div class="muted small">Nothing to update: a rollout needs a component placed on a data site.</div>';
    }
    drawPlan(s);
  }

  // the plan under the form, and whether Start may be pressed; the inputs themselves are left alone
  function drawPlan(s) {
    const out = newBox.querySelector('#cluster-rollout-plan');
    const start = newBox.querySelector('#cluster-rollout-start');
    if (!out || !start) return;
    const p = rollouts.planText(chosenComponents(), chosenSites(), plan.id.trim(), s && s.rollout);
    out.textContent = p.text;
    out.className = 'cl-ro-plan' + (p.ok ? '' : ' muted');
    const waiting = busy.has('rollout-start');
    start.disabled = !p.ok || waiting;
    start.textContent = waiting ? 'Starting…' : 'Start rolling update';
  }

  function chosenComponents() {
    const names = (cluster && cluster.components || []).map((c) => c.name);
    return names.filter((n) => plan.components.has(n)); // in the state's order
  }

  function chosenSites() {
    return plan.sites.filter((x) => x.on).map((x) => x.id);
  }

  function redrawForm() {
    plan.shape = ''; // draw the inputs again from the plan
    if (cluster) drawForm(cluster);
  }

  function onFormInput(e) {
    const t = e.target;
    if (t.name === 'component') {
      if (t.checked) plan.components.add(t.value);
      else plan.components.delete(t.value);
    } else if (t.name === 'site') {
      const x = plan.sites.find((y) => y.id === t.value);
      if (x) x.on = t.checked;
    } else if (t.name === 'id') {
      plan.id = t.value;
    }
    drawPlan(cluster);
  }

  function moveSite(id, direction) {
    const i = plan.sites.findIndex((x) => x.id === id);
    const j = direction === 'up' ? i - 1 : i + 1;
    if (i < 0 || j < 0 || j >= plan.sites.length) return;
    [plan.sites[i], plan.sites[j]] = [plan.sites[j], plan.sites[i]];
    redrawForm();
    const again = newBox.querySelector(`button[data-move="${direction}"][data-site="${CSS.escape(id)}"]`);
    const other = newBox.querySelector(`button[data-move="${direction === 'up' ? 'down' : 'up'}"][data-site="${CSS.escape(id)}"]`);
    if (again && !again.disabled) again.focus();
    else if (other) other.focus();
  }

  async function startRollout() {
    const components = chosenComponents();
    const sites = chosenSites();
    const id = plan.id.trim();
    const p = rollouts.planText(components, sites, id, cluster && cluster.rollout);
    if (!p.ok || busy.has('rollout-start')) return;
    const steps = rollouts.planSteps(components, sites);
    const yes = await ask(`Start a rolling update of ${components.join(', ')}?`,
      `${p.text}. Each step drains the component off the site, runs its update hook there, waits until it runs and is healthy again and undrains it; a failed step pauses the rollout.`,
      `Start ${steps.length} step${steps.length === 1 ? '' : 's'}`);
    if (!yes) return;
    const body = { components, sites };
    if (id) body.id = id;
    const ok = await act('rollout-start', `Start rolling update${id ? ' ' + id : ''}`, '/cluster/rollouts', body);
    if (ok) {
      plan.components.clear();
      plan.id = '';
      newBox.open = false;
      redrawForm();
    }
  }

  async function onRolloutAction(action, id) {
    const key = `${action}/${id}`;
    const path = `/cluster/rollouts/${encodeURIComponent(id)}/${action.slice('rollout-'.length)}`;
    if (action === 'rollout-pause') {
      await act(key, `Pause rollout ${id}`, path);
    } else if (action === 'rollout-resume') {
      await act(key, `Resume rollout ${id}`, path);
    } else if (action === 'rollout-cancel') {
      const r = cluster && cluster.rollout && cluster.rollout.id === id ? cluster.rollout : null;
      const p = r ? rollouts.progress(r) : null;
      const step = r ? rollouts.currentStep(r) : null;
      const c = step && (cluster.components || []).find((x) => x.name === step.component);
      const left = c && (c.drained || []).includes(step.site)
        ? ` ${step.component} stays drained off ${step.site}, where its step had begun: undrain it there once its update is over.` : '';
      const yes = await ask(`Cancel rollout ${id}?`,
        `${p ? `${p.total - p.done} of ${p.total} steps are not done; no further step runs.` : 'Its remaining steps do not run.'}${left} A cancelled rollout cannot be resumed: start a new one for what is left.`,
        'Cancel rollout', { no: 'Keep it', danger: true });
      if (yes) await act(key, `Cancel rollout ${id}`, path);
    }
  }

  // ---- actions

  function say(text, kind) {
    message.hidden = false;
    message.className = 'cl-message ' + kind;
    message.textContent = text;
  }

  function ask(title, text, ok, { no = 'Cancel', danger = false } = {}) {
    root.querySelector('#cluster-confirm-title').textContent = title;
    root.querySelector('#cluster-confirm-text').textContent = text;
    const okButton = root.querySelector('#cluster-confirm-ok');
    okButton.textContent = ok;
    okButton.className = danger ? 'btn-danger' : 'btn-primary';
    root.querySelector('#cluster-confirm-cancel').textContent = no;
    dialog.returnValue = '';
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
      dialog.showModal();
      root.querySelector('#cluster-confirm-cancel').focus();
    });
  }

  function why(e) {
    if (e.status === 403) return 'your role may not do this (operator or admin needed)';
    if (e.status === 503) return `no quorum took it: ${e.message}`;
    return e.message;
  }

  // resolves true when the server took the action; { wouldStop, site } when it answered that the action would stop
  // components no other data site can run (a drain or maintenance of the last such site) and force was not given
  async function act(key, what, path, reqBody, { force = false } = {}) {
    busy.add(key);
    if (cluster) draw();
    try {
      const r = await api(path, { method: 'POST', body: reqBody, params: force ? { force: 'true' } : undefined });
      say(`${what}: accepted in state version ${r && r.version}; the controller carries it out on its next round.`, 'ok');
      return true;
    } catch (e) {
      if (!force && e.status === 409 && Array.isArray(e.body.wouldStop) && e.body.wouldStop.length) {
        return { wouldStop: e.body.wouldStop, site: e.body.site };
      }
      say(`${what}: refused — ${why(e)}`, 'error');
      return false;
    } finally {
      busy.delete(key);
      if (cluster && !closed) draw();
    }
  }

  // a drain or maintenance; when it would stop what nothing else can run, the operator is asked once more
  async function actStopping(key, what, path, reqBody, undo) {
    const r = await act(key, what, path, reqBody);
    if (!r || r === true) return r;
    const list = r.wouldStop.join(', ');
    const them = r.wouldStop.length === 1 ? 'it' : 'them';
    const yes = await ask(`Stop ${list} on ${r.site}?`,
      `No other data site is up and may run ${list}, so this stops ${them} on ${r.site}: nothing serves ${them} until you ${undo} or another data site can take ${them}.`,
      `Stop ${them}`, { danger: true });
    if (yes) return act(key, what, path, reqBody, { force: true });
    say(`${what}: not done — it would have stopped ${list}.`, 'error');
    return false;
  }

  async function onAction(action, name, site, rollout) {
    if (action.startsWith('rollout-')) {
      await onRolloutAction(action, rollout);
      return;
    }
    const key = actionKey(action, { component: name, site });
    if (action === 'maintenance-on' || action === 'maintenance-off') {
      const on = action === 'maintenance-on';
      const yes = await ask(
        on ? `Put ${site} into maintenance?` : `Take ${site} out of maintenance?`,
        on
          ? `The controller moves every component off ${site} to another data site that can run it, and moves nothing to ${site} until it is taken out of maintenance. If a component has nowhere else to go, you are asked before it stops.`
          : `${site} may run components again; work moves back to it after the stabilization period.`,
        on ? 'Maintenance on' : 'Maintenance off');
      if (yes) {
        await actStopping(key, `${on ? 'Maintenance on' : 'Maintenance off'} for ${site}`,
          `/cluster/sites/${encodeURIComponent(site)}/maintenance`, { enabled: on }, `take ${site} out of maintenance`);
      }
      return;
    }
    const path = `/cluster/components/${encodeURIComponent(name)}/${action}`;
    if (action === 'unpin') {
      await act(key, `Unpin ${name}`, path);
    } else if (action === 'move') {
      const yes = await ask(`Move ${name}'s primary to ${site}?`,
        `A switchover: the current primary steps down, then ${site} is promoted in a new epoch. ${name} stays pinned to ${site} until you unpin it.`,
        'Move');
      if (yes) await act(key, `Move ${name} to ${site}`, path, { site });
    } else if (action === 'drain') {
      const yes = await ask(`Drain ${name} off ${site}?`,
        `The controller moves ${name} off ${site} to another data site that can run it, and keeps it off until you undrain it. If it has nowhere else to go, you are asked before it stops.`, 'Drain');
      if (yes) await actStopping(key, `Drain ${name} off ${site}`, path, { site }, `undrain ${name} on ${site}`);
    } else if (action === 'undrain') {
      await act(key, `Undrain ${name} on ${site}`, path, { site });
    }
  }

  root.addEventListener('click', (e) => {
    const m = e.target.closest('button[data-move]');
    if (m && !m.disabled && newBox && newBox.contains(m)) {
      moveSite(m.dataset.site, m.dataset.move);
      return;
    }
    const b = e.target.closest('button[data-key]');
    if (!b || b.disabled || !root.contains(b)) return;
    onAction(b.dataset.action, b.dataset.component, b.dataset.site, b.dataset.rollout);
  });
  if (newBox) {
    newBox.addEventListener('input', onFormInput);
    newBox.addEventListener('submit', (e) => {
      e.preventDefault();
      startRollout();
    });
  }
  // 'toggle' does not bubble: remember, in the capture phase, which finished rollouts the user unfolded or folded
  pastBox.addEventListener('toggle', (e) => {
    const d = e.target;
    if (d.matches && d.matches('details[data-rollout]')) folded.set(d.dataset.rollout, d.open);
  }, true);

  connect();
  return {
    update() {},
    destroy() {
      closed = true;
      generation++;
      clearTimeout(retryTimer);
      if (source) source.close();
      source = null;
      if (history.controller) history.controller.abort();
      if (ro.controller) ro.controller.abort();
      if (dialog.open) dialog.close();
    },
  };
}

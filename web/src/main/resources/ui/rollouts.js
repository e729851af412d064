// The Cluster view's rolling updates, as HTML: the open rollout (running or paused) with a bar of its steps, the
// components × sites grid of their phases with the current step marked and a failed step's detail in full, the
// finished rollouts folded below, and the operators' form that plans a new one. Pure functions of the data the
// view hands over; cluster.js owns the stream, the requests and the clicks.

import { esc, fmtDuration, fmtTime, isoMillis } from './format.js';
import { stateUrl } from './state.js';

/** Finished rollouts the view lists (the state keeps up to 20). */
export const PAST_LIMIT = 5;

const PHASE_ICON = { pending: '○', draining: '⇣', updating: '⟳', checking: '♡', done: '✓', failed: '✗' };
const PHASE_TEXT = {
  pending: 'not begun',
  draining: 'draining: waiting until it stopped here',
  updating: 'the update hook runs',
  checking: 'undrained: waiting until it runs and is healthy',
  done: 'updated, running and healthy',
  failed: 'failed',
};
// phases in which the step's component is (or may still be) drained off the step's site
const BEGUN = new Set(['draining', 'updating', 'checking', 'failed']);

/** Whether a rollout is still open (running or paused): only one can be. */
export function isOpen(r) {
  return !!r && (r.status === 'running' || r.status === 'paused');
}

/** `{done, total, failed}`: how many steps are done, of how many, and the failed step's index (or -1). */
export function progress(r) {
  const steps = r.steps || [];
  return {
    done: steps.filter((s) => s.phase === 'done').length,
    total: steps.length,
    failed: steps.findIndex((s) => s.phase === 'failed'),
  };
}

/** The steps of a plan in the order the server runs them: every component on the first site, then on the next, .... */
export function planSteps(components, sites) {
  const out = [];
  for (const site of sites) for (const component of components) out.push({ component, site });
  return out;
}

/** The rollout's step that runs now (or failed, or was paused or cancelled in), or null once all are done. */
export function currentStep(r) {
  const steps = r.steps || [];
  return r.current >= 0 && r.current < steps.length ? steps[r.current] : null;
}

/** A short label of a rollout's plan: `EAP, EEP on site-b → site-a`, or the steps when they are not a full grid. */
export function planLabel(r) {
  const { components, sites } = axes(r);
  const steps = r.steps || [];
  const grid = planSteps(components, sites);
  if (grid.length === steps.length && grid.every((g, i) => g.component === steps[i].component && g.site === steps[i].site)) {
    return `${components.join(', ')} on ${sites.join(' → ')}`;
  }
  return steps.map((s) => `${s.component}@${s.site}`).join(' → ');
}

function axes(r) {
  const components = [];
  const sites = [];
  for (const s of r.steps || []) {
    if (!components.includes(s.component)) components.push(s.component);
    if (!sites.includes(s.site)) sites.push(s.site);
  }
  return { components, sites };
}

function statusChip(status) {
  return `<span class="cl-ro-status rs-${esc(status)}" data-status="${esc(status)}">${esc(status)}</span>`;
}

function phaseLabel(phase) {
  return `<span class="cl-ro-phase ph-${esc(phase)}"><span aria-hidden="true">${PHASE_ICON[phase] || '·'}</span> ${esc(phase)}</span>`;
}

// the step a cancelled rollout stopped in the middle of (it was left in its phase), or -1
function haltedAt(r) {
  const s = r.status === 'cancelled' ? currentStep(r) : null;
  return s && BEGUN.has(s.phase) ? r.current : -1;
}

/** One segment a step: the plan's order at a glance, coloured by phase. */
function barHtml(r, open) {
  const steps = r.steps || [];
  const halted = haltedAt(r);
  return `<ol class="cl-ro-bar" aria-label="steps in order">${steps.map((s, i) => {
    const current = open && i === r.current;
    return `<li class="ph-${esc(s.phase)}${current ? ' current' : ''}${i === halted ? ' halted' : ''}" data-step="${i + 1}" data-phase="${esc(s.phase)}"
      title="${esc(`step ${i + 1}: ${s.component} on ${s.site} — ${s.phase}${i === halted ? ' when the rollout was cancelled' : ''}${s.detail ? `: ${s.detail}` : ''}`)}">
      <span class="cl-ro-seg-label">${i + 1} ${esc(s.component)}@${esc(s.site)}</span></li>`;
  }).join('')}</ol>`;
}

/** The components × sites grid: each step's number, phase and detail; the current one marked. */
function gridHtml(r, open, idPrefix) {
  const { components, sites } = axes(r);
  const steps = r.steps || [];
  const index = new Map(steps.map((s, i) => [`${s.component}@${s.site}`, i]));
  const halted = haltedAt(r);
  return `<table class="cl-ro-grid"${idPrefix ? ` id="${idPrefix}-grid"` : ''}>
    <thead><tr><th scope="col" class="cl-ro-comp-col">Component</th>${sites.map((site, n) => `<th scope="col" data-site="${esc(site)}">
      ${esc(site)} <span class="muted small">(${ordinal(n + 1)})</span></th>`).join('')}</tr></thead>
    <tbody>${components.map((c) => `<tr data-component="${esc(c)}"><th scope="row">${esc(c)}</th>${sites.map((site) => {
      const i = index.get(`${c}@${site}`);
      if (i === undefined) return `<td class="cl-ro-step none" data-site="${esc(site)}"><span class="muted">not in the plan</span></td>`;
      const s = steps[i];
      const current = open && i === r.current;
      const full = s.phase === 'failed';
      const stopped = i === halted;
      return `<td class="cl-ro-step ph-${esc(s.phase)}${current ? ' current' : ''}${stopped ? ' halted' : ''}" data-site="${esc(site)}"
          data-step="${i + 1}" data-phase="${esc(s.phase)}" data-current="${current}" data-halted="${stopped}"
          title="${esc(stopped ? `${s.phase} when the rollout was cancelled` : PHASE_TEXT[s.phase] || s.phase)}">
        <div class="cl-ro-step-line"><span class="cl-ro-num" title="step ${i + 1} of ${steps.length}">${i + 1}</span>${phaseLabel(s.phase)}
          ${current ? `<span class="cl-ro-now-mark">${r.status === 'running' ? 'now' : esc(r.status)}</span>` : ''}
          ${stopped ? '<span class="cl-ro-halt-mark">cancelled here</span>' : ''}</div>
        ${s.detail ? `<div class="cl-ro-detail${full ? ' full' : ''}"${full ? '' : ` title="${esc(s.detail)}"`}>${esc(s.detail)}</div>` : ''}
      </td>`;
    }).join('')}</tr>`).join('')}</tbody></table>`;
}

function ordinal(n) {
  return n === 1 ? '1st' : n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`;
}

function drainedOff(cluster, component, site) {
  const c = ((cluster && cluster.components) || []).find((x) => x.name === component);
  return !!c && (c.drained || []).includes(site);
}

/** The search for a step's update hook runs (the agent logs each with its output, on the site that ran it). */
export function hookSearchUrl(step) {
  const q = `app:triad-agent AND msgId:HOOK_UPDATE AND fields.cluster_component:${step.component} AND site:${step.site}`;
  return stateUrl({ view: 'search', q, from: 'now-24h', to: 'now' });
}

/**
 * The open rollout: status, who and when, the progress figure with its bar, what runs now, a failure or an
 * operator's pause explained, the grid, and the operators' buttons (`ctx.button(action, rollout, label, aria)`).
 */
export function openHtml(r, { cluster, canOperate, button }) {
  const p = progress(r);
  const step = currentStep(r);
  const failed = step && step.phase === 'failed';
  const drained = step && drainedOff(cluster, step.component, step.site);
  const buttons = [];
  if (canOperate) {
    if (r.status === 'running') buttons.push(button('rollout-pause', r.id, 'Pause', `Pause rollout ${r.id}`));
    if (r.status === 'paused') buttons.push(button('rollout-resume', r.id, failed ? 'Resume (retry the step)' : 'Resume', `Resume rollout ${r.id}`, ' btn-primary'));
    buttons.push(button('rollout-cancel', r.id, 'Cancel rollout', `Cancel rollout ${r.id}`, ' btn-danger'));
  }
  const now = step
    ? `step ${r.current + 1} of ${p.total}: <b>${esc(step.component)}</b> on <b>${esc(step.site)}</b> — ${phaseLabel(step.phase)}`
    : 'every step done';
  let note = '';
  if (failed) {
    note = `<div class="cl-ro-failure" id="cluster-rollout-failure" role="alert">
      <div class="cl-ro-failure-title"><span aria-hidden="true">✗</span> Step ${r.current + 1} of ${p.total} failed: ${esc(step.component)} on ${esc(step.site)}</div>
      <pre class="cl-ro-failure-detail" id="cluster-rollout-failure-detail">${esc(step.detail || '(no detail)')}</pre>
      <div class="small">The rollout is paused${drained ? `; ${esc(step.component)} stays drained off ${esc(step.site)}` : ''}. Fix the cause, then
        Resume to run the step again from the start, or Cancel${drained ? ` (${esc(step.component)} then stays drained off ${esc(step.site)} until you undrain it)` : ''}.
        <a href="${esc(hookSearchUrl(step))}" data-nav="1" class="cl-ro-hooklog" title="the agent logs every hook run with its output on the site that ran it (${esc(step.site)})">The update hook's output in the log</a></div>
    </div>`;
  } else if (r.status === 'paused') {
    const who = /^paused by /.test(r.detail || '') ? `<b>Paused</b> ${esc(r.detail.slice('paused '.length))}` : `<b>Paused</b> (${esc(r.detail)})`;
    note = `<div class="cl-ro-paused" id="cluster-rollout-paused" role="status">${who}.
      ${step ? `Nothing moves until it is resumed; step ${r.current + 1} (${esc(step.component)} on ${esc(step.site)}, ${esc(step.phase)}) goes on from where it is.` : ''}</div>`;
  }
  return `<div class="cl-ro cl-ro-open rs-row-${esc(r.status)}" id="cluster-rollout" data-rollout="${esc(r.id)}" data-status="${esc(r.status)}"
      data-current="${esc(r.current)}" data-done="${p.done}" data-total="${p.total}">
    <div class="cl-ro-head">
      ${statusChip(r.status)}<span class="cl-ro-title">Rolling update <b class="mono">${esc(r.id)}</b></span>
      <span class="muted small">${esc(planLabel(r))} · started by ${esc(r.by)} at ${esc(fmtTime(r.created))}</span>
      <span class="spacer"></span>
      ${buttons.length ? `<span class="cl-ro-buttons">${buttons.join(' ')}</span>` : ''}
    </div>
    <div class="cl-ro-progress">
      <div class="cl-ro-figure" id="cluster-rollout-progress"><b>${p.done}</b> / ${p.total} <span class="muted">steps done</span></div>
      <div class="cl-ro-now" id="cluster-rollout-now">${now}</div>
    </div>
    ${barHtml(r, true)}
    ${note}
    ${gridHtml(r, true, 'cluster-rollout')}
    <div class="cl-ro-last muted small" id="cluster-rollout-last" title="${esc(fmtTime(r.updated))}">last: ${esc(r.detail)} <span class="nowrap">(${esc(fmtTime(r.updated))})</span></div>
  </div>`;
}

/**
 * The finished rollouts, newest first, each folded (`expanded(id)` says which are open), with what a cancelled one
 * left drained behind and, for operators, the button that undrains it (`ctx.drainButton(component, site)`).
 */
export function pastHtml(list, { cluster, canOperate, expanded, drainButton }) {
  if (!list.length) return '<div class="muted small">No rolling update has finished yet.</div>';
  return list.map((r) => {
    const p = progress(r);
    const ended = isoMillis(r.updated) - isoMillis(r.created);
    const step = currentStep(r);
    const left = r.status === 'cancelled' && step && BEGUN.has(step.phase) && drainedOff(cluster, step.component, step.site);
    return `<details class="cl-ro cl-ro-past rs-row-${esc(r.status)}" data-rollout="${esc(r.id)}" data-status="${esc(r.status)}"
        data-done="${p.done}" data-total="${p.total}"${expanded(r.id) ? ' open' : ''}>
      <summary>${statusChip(r.status)}<b class="mono">${esc(r.id)}</b>
        <span class="cl-ro-figure-small"><b>${p.done}</b> / ${p.total} steps done</span>
        <span class="muted">${esc(planLabel(r))}</span>
        <span class="muted small">by ${esc(r.by)} · ended ${esc(fmtTime(r.updated))}${Number.isNaN(ended) ? '' : ` after ${esc(fmtDuration(ended))}`}</span>
        ${left ? `<span class="cl-mark drained" title="the step had begun when the rollout was cancelled">${esc(step.component)} still drained off ${esc(step.site)}</span>` : ''}
      </summary>
      <div class="cl-ro-past-body">
        <div class="cl-ro-last small">${esc(r.detail)}</div>
        ${barHtml(r, false)}
        ${left ? `<div class="cl-ro-left">${esc(step.component)} is still drained off ${esc(step.site)}: step ${r.current + 1} (${esc(step.phase)})
          had begun when the rollout was cancelled.${canOperate ? ` ${drainButton(step.component, step.site)}` : ''}</div>` : ''}
        ${gridHtml(r, false, '')}
      </div>
    </details>`;
  }).join('');
}

/**
 * The form that plans a new rollout: components to update, the data sites in the order to update them (each site
 * can be left out or moved), an optional id, and the plan it makes. `plan` is `{components: Set, sites: [{id, on}]}`.
 */
export function formHtml(names, plan) {
  return `<form id="cluster-rollout-form" class="cl-ro-form" novalidate>
    <fieldset class="cl-ro-fs"><legend>Components</legend>
      ${names.map((n) => `<label class="cl-ro-check"><input type="checkbox" name="component" value="${esc(n)}"
        ${plan.components.has(n) ? 'checked' : ''}> ${esc(n)}</label>`).join('')}
    </fieldset>
    <fieldset class="cl-ro-fs"><legend>Sites, in order</legend>
      <ol class="cl-ro-sites" id="cluster-rollout-sites">${plan.sites.map((s, i) => `<li data-site="${esc(s.id)}">
        <label class="cl-ro-check"><input type="checkbox" name="site" value="${esc(s.id)}" ${s.on ? 'checked' : ''}> ${esc(s.id)}</label>
        <button type="button" class="btn-icon" data-move="up" data-site="${esc(s.id)}" aria-label="Update ${esc(s.id)} earlier" title="earlier"${i === 0 ? ' disabled' : ''}>↑</button>
        <button type="button" class="btn-icon" data-move="down" data-site="${esc(s.id)}" aria-label="Update ${esc(s.id)} later" title="later"${i === plan.sites.length - 1 ? ' disabled' : ''}>↓</button>
      </li>`).join('')}</ol>
    </fieldset>
    <fieldset class="cl-ro-fs"><legend>Id <span class="muted">(optional)</span></legend>
      <input type="text" id="cluster-rollout-id" name="id" placeholder="r&lt;date&gt;-&lt;time&gt;" pattern="[a-z0-9][a-z0-9_-]{0,62}"
        maxlength="63" autocomplete="off" spellcheck="false" value="${esc(plan.id || '')}">
    </fieldset>
    <div class="cl-ro-form-foot">
      <div class="cl-ro-plan" id="cluster-rollout-plan" aria-live="polite"></div>
      <button type="submit" class="btn-primary" id="cluster-rollout-start">Start rolling update</button>
    </div>
  </form>`;
}

/** The text under the form: the steps the plan makes, or what it still lacks. */
export function planText(components, sites, id, openRollout) {
  if (openRollout) return { ok: false, text: `Rollout ${openRollout.id} is ${openRollout.status}: finish or cancel it before starting another.` };
  if (id && !/^[a-z0-9][a-z0-9_-]{0,62}$/.test(id)) return { ok: false, text: `The id must match [a-z0-9][a-z0-9_-]{0,62}; got: '${id}'.` };
  if (!components.length) return { ok: false, text: 'Choose at least one component.' };
  if (!sites.length) return { ok: false, text: 'Choose at least one site.' };
  const steps = planSteps(components, sites);
  return { ok: true, text: `${steps.length} step${steps.length === 1 ? '' : 's'}, one at a time: ${steps.map((s) => `${s.component}@${s.site}`).join(' → ')}` };
}

// The time range picker: relative presets (last 5m .. 7d) and an absolute from/to (ISO 8601, UTC, or now-15m style).

import { esc, PRESETS, rangeLabel } from './format.js';

export function createTimePicker(container, { onChange }) {
  container.innerHTML = `
    <button type="button" id="time-toggle" class="time-toggle" title="Time range (UTC)" aria-expanded="false">
      <span class="clock">◷</span> <span id="time-label"></span> <span class="caret">▾</span>
    </button>
    <div id="time-panel" class="popover time-panel" hidden>
      <div class="tp-cols">
        <div class="tp-presets">
          <div class="popover-title">Relative</div>
          ${PRESETS.map(([k, label]) => `<button type="button" class="preset" data-preset="${k}" id="preset-${k}">${esc(label)}</button>`).join('')}
        </div>
        <form class="tp-absolute" id="time-absolute">
          <div class="popover-title">Absolute <span class="muted">(UTC)</span></div>
          <label>From <input id="time-from" spellcheck="false" placeholder="2026-12-01T06:00:00Z or now-1h"></label>
          <label>To <input id="time-to" spellcheck="false" placeholder="2026-12-01T07:00:00Z or now"></label>
          <div class="muted small">ISO 8601 instants (UTC unless an offset is given), dates, or now-15m, now-2h, now/d.</div>
          <button type="submit" class="btn-primary" id="time-apply">Apply</button>
        </form>
      </div>
    </div>`;
  const toggle = container.querySelector('#time-toggle');
  const label = container.querySelector('#time-label');
  const panel = container.querySelector('#time-panel');
  const from = container.querySelector('#time-from');
  const to = container.querySelector('#time-to');
  let current = { from: 'now-15m', to: 'now' };

  const close = () => {
    panel.hidden = true;
    toggle.setAttribute('aria-expanded', 'false');
  };
  toggle.addEventListener('click', () => {
    panel.hidden = !panel.hidden;
    toggle.setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) {
      from.value = current.from;
      to.value = current.to;
    }
  });
  panel.addEventListener('click', (e) => {
    const b = e.target.closest('[data-preset]');
    if (!b) return;
    close();
    onChange('now-' + b.dataset.preset, 'now');
  });
  container.querySelector('#time-absolute').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = from.value.trim();
    const t = to.value.trim() || 'now';
    if (!f) {
      from.focus();
      return;
    }
    close();
    onChange(f, t);
  });
  const listeners = new AbortController();
  document.addEventListener('click', (e) => {
    if (!panel.hidden && !container.contains(e.target)) close();
  }, { signal: listeners.signal });

  return {
    set(f, t) {
      current = { from: f, to: t };
      label.textContent = rangeLabel(f, t);
      for (const b of panel.querySelectorAll('[data-preset]')) {
        b.classList.toggle('active', t === 'now' && f === 'now-' + b.dataset.preset);
      }
    },
    destroy() {
      listeners.abort();
    },
  };
}

// The query input with its syntax help and the parser's errors shown under it (message and a caret at the column).

import { esc } from './format.js';

const HELP = [
  ['door forced', 'events whose message has <i>door</i> or <i>forced</i> (terms are OR-ed)'],
  ['door AND forced', 'both terms; <code>+door +forced</code> is the same'],
  ['"connection refused"', 'the exact phrase'],
  ['host:eep-1', 'a field\'s exact value (site, host, component, layer, app, facility, input, procId, msgId, source)'],
  ['-app:cron', 'exclude; <code>NOT app:cron</code> is the same'],
  ['severity:err', 'severity by name or number; <code>severity:[emerg TO warning]</code> is a range'],
  ['ALM-10*', 'prefix and wildcards (<code>?</code> one character); not at the start of a term'],
  ['10.1.2.3', 'addresses, ids and paths match as whole tokens'],
  ['fields.door:3', 'structured data and other fields, as <code>fields.&lt;name&gt;</code>'],
  ['correlation.alarm_id:ALM-1001', 'correlation keys (trace_id, alarm_id, correlation_id, …)'],
  ['timestamp:[now-1h TO now]', 'a time range inside the query'],
  ['(door OR gate) AND severity:warn*', 'grouping with parentheses'],
];

/**
 * Creates the bar in `container`. `onSubmit(q)` is called on Enter, the Search button or a help example.
 */
export function createQueryBar(container, { onSubmit }) {
  container.innerHTML = `
    <div class="qb-row">
      <input id="query" class="query" type="search" spellcheck="false" autocomplete="off"
             placeholder='Search… e.g. severity:err AND host:eep-1, "door forced", correlation.alarm_id:ALM-1001'>
      <button type="button" id="query-help-toggle" class="btn-icon" title="Query syntax" aria-expanded="false">?</button>
      <button type="button" id="search-submit" class="btn-primary">Search</button>
    </div>
    <div id="query-help" class="popover help" hidden>
      <div class="popover-title">Query syntax <span class="muted">(Lucene classic; the message is the default field)</span></div>
      <table>${HELP.map(([ex, what]) => `<tr><td><code class="ex" data-example="${esc(ex)}">${esc(ex)}</code></td><td>${what}</td></tr>`).join('')}</table>
      <div class="muted">Click an example to use it. <kbd>/</kbd> focuses the bar; drag across the histogram to zoom into a time range.</div>
    </div>
    <div id="query-error" class="q-error" role="alert" hidden></div>`;
  const input = container.querySelector('#query');
  const help = container.querySelector('#query-help');
  const toggle = container.querySelector('#query-help-toggle');
  const error = container.querySelector('#query-error');

  const submit = () => {
    help.hidden = true;
    toggle.setAttribute('aria-expanded', 'false');
    onSubmit(input.value.trim());
  };
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      submit();
    } else if (e.key === 'Escape') {
      help.hidden = true;
    }
  });
  container.querySelector('#search-submit').addEventListener('click', submit);
  toggle.addEventListener('click', () => {
    help.hidden = !help.hidden;
    toggle.setAttribute('aria-expanded', String(!help.hidden));
  });
  help.addEventListener('click', (e) => {
    const ex = e.target.closest('[data-example]');
    if (!ex) return;
    input.value = ex.dataset.example;
    submit();
  });
  const listeners = new AbortController();
  document.addEventListener('click', (e) => {
    if (!help.hidden && !help.contains(e.target) && e.target !== toggle) {
      help.hidden = true;
      toggle.setAttribute('aria-expanded', 'false');
    }
  }, { signal: listeners.signal });

  return {
    input,
    setQuery(q) {
      if (document.activeElement !== input || input.value.trim() !== q) input.value = q;
    },
    /** Shows a 400 answer's body ({error, column, kind}) for query `q`. */
    showError(body, q) {
      const column = Number(body && body.column) || 0;
      const kind = body && body.kind === 'cost' ? 'Query too expensive' : 'Query error';
      let caret = '';
      if (column > 0 && q) {
        const at = Math.min(column - 1, q.length);
        caret = `<pre class="q-caret">${esc(q)}\n${' '.repeat(at)}^</pre>`;
        input.setSelectionRange(at, Math.min(at + 1, q.length));
      }
      const message = body && body.error ? String(body.error) : 'invalid query';
      // the parser lists every token it would have taken: useful now and then, noise most of the time
      const cut = message.search(/\.?\s*Was expecting/);
      const head = cut > 0 ? message.slice(0, cut) : message;
      const tail = cut > 0 ? message.slice(cut).replace(/^\.?\s*/, '') : '';
      error.innerHTML = `${caret}<div><b>${kind}${column > 0 ? ` at column ${column}` : ''}:</b> <span class="q-error-msg">${esc(head)}</span></div>`
        + (tail ? `<details><summary>what the parser expected</summary>${esc(tail)}</details>` : '');
      error.hidden = false;
      input.classList.add('invalid');
    },
    destroy() {
      listeners.abort();
    },
    clearError() {
      error.hidden = true;
      error.innerHTML = '';
      input.classList.remove('invalid');
    },
  };
}

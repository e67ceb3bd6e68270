// The dashboard: reads the status API every 5 s and draws it. Every text goes through textContent (never
// innerHTML): error messages and validation problems come from desired-state files anyone can edit.
'use strict';

(function () {
  const REFRESH_MS = 5000;
  const SYMBOLS = { create: '+', update: '~', replace: '-/+', delete: '-', noop: ' ' };

  const state = { stacks: [], events: [], notifications: null, details: new Map(), expanded: new Set(), updatedAt: null };

  // ---- DOM helpers -------------------------------------------------------------------------------------------

  /** Creates an element; attrs are set as attributes (data-*, class, title...), children as text or nodes. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined && value !== false) {
        node.setAttribute(name, value === true ? '' : String(value));
      }
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) {
        continue;
      }
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function badge(kind, value, field) {
    const text = value || 'Unknown';
    return el('span', { class: 'badge ' + kind + '-' + cssToken(text), 'data-field': field }, text);
  }

  /** A path that may wrap after each slash rather than in the middle of a name. */
  function breakable(path) {
    return path.split('/').flatMap((part, i) => (i === 0 ? [part] : [el('wbr'), '/' + part]));
  }

  function cssToken(text) {
    return String(text).replace(/[^A-Za-z0-9_-]/g, '');
  }

  // ---- formatting --------------------------------------------------------------------------------------------

  function parseTime(text) {
    if (!text) {
      return null;
    }
    // Java prints up to nine fraction digits; keep three so every browser parses it.
    const date = new Date(String(text).replace(/(\.\d{3})\d+/, '$1'));
    return isNaN(date.getTime()) ? null : date;
  }

  function pad(n) {
    return String(n).padStart(2, '0');
  }

  function clock(date) {
    const time = pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds());
    const today = new Date();
    if (date.toDateString() === today.toDateString()) {
      return time;
    }
    return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + ' ' + time;
  }

  function ago(date) {
    const seconds = Math.max(0, Math.round((Date.now() - date.getTime()) / 1000));
    if (seconds < 60) {
      return seconds + ' s ago';
    }
    if (seconds < 3600) {
      return Math.round(seconds / 60) + ' min ago';
    }
    if (seconds < 86400) {
      return Math.round(seconds / 3600) + ' h ago';
    }
    return Math.round(seconds / 86400) + ' d ago';
  }

  function duration(millis) {
    if (millis === null || millis === undefined) {
      return '';
    }
    if (millis < 1000) {
      return millis + ' ms';
    }
    if (millis < 60000) {
      return (millis / 1000).toFixed(1) + ' s';
    }
    return Math.floor(millis / 60000) + ' min ' + Math.round((millis % 60000) / 1000) + ' s';
  }

  /** "folder:3f2a9c0d11ee" -> "folder:3f2a9c0", a Git SHA -> its first 7 characters. */
  function shortRevision(revision) {
    if (!revision) {
      return '';
    }
    const match = /^(.*?:)?([0-9a-f]{8,})$/i.exec(revision);
    return match ? (match[1] || '') + match[2].slice(0, 7) : revision;
  }

  // ---- the stacks table --------------------------------------------------------------------------------------

  function stackRow(stack) {
    const open = state.expanded.has(stack.name);
    const toggle = el('button', {
      type: 'button', class: 'toggle', 'data-action': 'toggle', 'aria-expanded': open ? 'true' : 'false',
      'aria-label': (open ? 'Hide' : 'Show') + ' details of ' + stack.name,
    }, open ? '\u25BE' : '\u25B8');
    toggle.addEventListener('click', (event) => {
      event.stopPropagation();
      toggleStack(stack.name);
    });

    const row = el('tr', { class: 'stack-row' + (open ? ' open' : ''), 'data-stack': stack.name },
        el('td', { class: 'col-toggle' }, toggle),
        el('td', { 'data-field': 'name', class: 'stack-cell' },
            el('div', { class: 'stack-name' }, stack.name),
            el('div', { class: 'muted small', 'data-field': 'file', title: stack.file || '' }, breakable(stack.file || ''))),
        el('td', {}, badge('sync', stack.sync, 'sync')),
        el('td', {}, badge('health', stack.health, 'health'), rolloutLine(stack.rollout)),
        el('td', { 'data-field': 'mode' }, stack.mode || '\u2014', suspensionLine(stack.suspension)),
        el('td', { 'data-field': 'revision' },
            stack.revision ? el('code', { title: stack.revision }, shortRevision(stack.revision)) : '\u2014'),
        lastPassCell(stack),
        errorCell(stack));
    row.addEventListener('click', () => toggleStack(stack.name));
    return row;
  }

  /** Under the mode: an operator's suspension, with since when and why. */
  function suspensionLine(suspension) {
    if (!suspension) {
      return null;
    }
    const since = parseTime(suspension.since);
    return el('div', { class: 'suspension', 'data-field': 'suspension', title: suspension.reason || '' },
        el('span', { class: 'badge suspended' }, 'Suspended'),
        el('div', { class: 'muted small' }, (since ? 'since ' + clock(since) : '') + (suspension.reason ? ': ' + suspension.reason : '')));
  }

  /** Under the health badge: the deployment in one line (what rolls, how far, or why it is degraded). */
  function rolloutLine(rollout) {
    if (!rollout) {
      return null;
    }
    return el('div', { class: 'muted small rollout-line', 'data-field': 'rollout-summary', title: rollout.summary },
        rollout.summary);
  }

  function lastPassCell(stack) {
    const at = parseTime(stack.lastPassAt);
    if (!at) {
      return el('td', { 'data-field': 'last-pass', class: 'muted' }, 'not yet');
    }
    return el('td', { 'data-field': 'last-pass', class: 'last-pass', title: stack.lastPassAt },
        el('div', {}, clock(at)),
        el('div', { class: 'muted small' }, ago(at) + (stack.lastPassMillis !== null ? ', took ' + duration(stack.lastPassMillis) : '')));
  }

  function errorCell(stack) {
    const cell = el('td', { 'data-field': 'error', class: 'error-cell' });
    if (stack.lastError) {
      cell.appendChild(el('div', { class: 'error-text', 'data-field': 'last-error' }, stack.lastError));
    }
    const problems = stack.problems || [];
    if (problems.length > 0) {
      cell.appendChild(el('ul', { class: 'problems', 'data-field': 'problems' },
          problems.map((problem) => {
            // "file:line:col: field: message": the place stands out, the text reads the same
            const place = /^(.*?:\d+:\d+:)(\s.*)$/s.exec(problem);
            return el('li', { 'data-field': 'problem' },
                place ? [el('span', { class: 'where' }, place[1]), place[2]] : problem);
          })));
    }
    if (stack.failures > 0 && stack.nextAttemptAt) {
      const next = parseTime(stack.nextAttemptAt);
      cell.appendChild(el('div', { class: 'muted small', 'data-field': 'backoff' },
          stack.failures + ' failed pass' + (stack.failures > 1 ? 'es' : '') + ' in a row; next try at '
          + (next ? clock(next) : stack.nextAttemptAt)));
    }
    if (stack.actingReplica === 'another replica') {
      cell.appendChild(el('div', { class: 'muted small' }, 'reconciled by another replica'));
    }
    if (!cell.hasChildNodes()) {
      cell.appendChild(el('span', { class: 'muted' }, '\u2014'));
    }
    return cell;
  }

  function detailsRow(stack) {
    const detail = state.details.get(stack.name);
    const content = el('div', { class: 'details' });
    if (!detail) {
      content.appendChild(el('p', { class: 'muted' }, 'Loading\u2026'));
    } else if (detail.error) {
      content.appendChild(el('p', { class: 'error-text' }, detail.error));
    } else {
      content.appendChild(rolloutBlock(detail.rollout));
      content.appendChild(resourcesBlock(detail));
      content.appendChild(planBlock(detail));
    }
    return el('tr', { class: 'details-row', 'data-details': stack.name },
        el('td', { colspan: 8 }, content));
  }

  /** The service's current deployment, the failed rollout held back (if any), and ECS's latest events. */
  function rolloutBlock(rollout) {
    const block = el('div', { class: 'block', 'data-field': 'rollout' }, el('h3', {}, 'Rollout'));
    if (!rollout) {
      block.appendChild(el('p', { class: 'muted' }, 'No service yet.'));
      return block;
    }
    block.appendChild(el('dl', { class: 'rollout' },
        el('dt', {}, 'Phase'), el('dd', {}, badge('rollout', rollout.phase, 'rollout-phase')),
        el('dt', {}, 'Deployment'), el('dd', { 'data-field': 'rollout-deployment' },
            el('code', {}, rollout.deployment || '\u2014'), ' ', rollout.rolloutState || ''),
        el('dt', {}, 'Task definition'), el('dd', { 'data-field': 'rollout-task-definition' },
            el('code', {}, rollout.taskDefinition || '\u2014')),
        el('dt', {}, 'Tasks'), el('dd', { 'data-field': 'rollout-counts' },
            rollout.running + '/' + rollout.desired + ' running, ' + rollout.pending + ' pending, '
            + rollout.failedTasks + ' failed'),
        rollout.failure && el('dt', {}, 'Failed rollout'),
        rollout.failure && el('dd', { 'data-field': 'rollout-failure', class: 'error-text' },
            el('code', {}, rollout.failure.taskDefinition), ' ',
            rollout.failure.revision ? '(at ' + shortRevision(rollout.failure.revision) + ') ' : '',
            rollout.failure.reason, el('div', { class: 'muted small' },
                'Held: not rolled out again until the desired state changes it, or a retry is asked for.')),
        rollout.verification && el('dt', {}, 'Post-deploy check'),
        rollout.verification && el('dd', { 'data-field': 'rollout-verification' }, rollout.verification)));
    const events = rollout.events || [];
    if (events.length > 0) {
      block.appendChild(el('ol', { class: 'ecs-events', 'data-field': 'ecs-events' }, events.map((event) => {
        const at = parseTime(event.at);
        return el('li', {}, el('time', { datetime: event.at }, at ? clock(at) : ''), ' ', event.message);
      })));
    }
    return block;
  }

  function resourcesBlock(detail) {
    const resources = detail.resources || [];
    const block = el('div', { class: 'block', 'data-field': 'resources' },
        el('h3', {}, 'Resources ', el('span', { class: 'hint' }, resources.length + ' in the last plan')));
    if (resources.length === 0) {
      block.appendChild(el('p', { class: 'muted' }, 'No plan yet: the stack has not reached AWS.'));
      return block;
    }
    const withDetail = resources.some((resource) => resource.detail);
    block.appendChild(el('table', { class: 'resources' },
        el('thead', {}, el('tr', {}, el('th', {}, 'Resource'), el('th', {}, 'Last action'), el('th', {}, 'Ready'),
            withDetail && el('th', {}, 'Detail'))),
        el('tbody', {}, resources.map((resource) => el('tr', { 'data-resource': resource.key },
            el('td', {}, el('code', {}, resource.key)),
            el('td', {}, el('span', { class: 'action action-' + cssToken(resource.action) }, resource.action)),
            el('td', { class: resource.ready ? 'ready' : 'not-ready' }, resource.ready ? '\u2713 ready' : 'not ready'),
            withDetail && el('td', { class: 'detail' }, resource.detail || ''))))));
    return block;
  }

  function planBlock(detail) {
    const plan = detail.lastPlan;
    const block = el('div', { class: 'block', 'data-field': 'plan' }, el('h3', {}, 'Last plan'));
    if (!plan) {
      block.appendChild(el('p', { class: 'muted' }, 'No plan yet.'));
      return block;
    }
    const changed = (plan.changes || []).filter((change) => change.action !== 'noop' || change.error);
    if (changed.length === 0) {
      block.appendChild(el('p', { class: 'muted', 'data-field': 'plan-empty' }, 'No changes: AWS matched the desired state.'));
      return block;
    }
    const lines = el('div', { class: 'plan' });
    for (const change of changed) {
      const symbol = SYMBOLS[change.action] !== undefined ? SYMBOLS[change.action] : '?';
      lines.appendChild(el('div', { class: 'plan-line plan-' + cssToken(change.action), 'data-field': 'plan-line' },
          symbol.padEnd(3) + ' ' + change.resource + (change.reason ? '  (' + change.reason + ')' : '')));
      for (const delta of change.deltas || []) {
        lines.appendChild(el('div', { class: 'plan-delta' + (delta.held ? ' plan-held' : '') },
            '      ' + delta.field + ': ' + delta.change + (delta.held ? ' (held)' : '')));
      }
      if (change.held) {
        lines.appendChild(el('div', { class: 'plan-error', 'data-field': 'plan-held' }, '      held: ' + change.held));
      }
      if (change.error) {
        lines.appendChild(el('div', { class: 'plan-error' }, '      blocked: ' + change.error));
      }
    }
    block.appendChild(lines);
    return block;
  }

  function renderStacks() {
    const rows = [];
    for (const stack of state.stacks) {
      rows.push(stackRow(stack));
      if (state.expanded.has(stack.name)) {
        rows.push(detailsRow(stack));
      }
    }
    document.getElementById('stack-rows').replaceChildren(...rows);
    document.getElementById('no-stacks').hidden = state.stacks.length > 0;

    const counts = {};
    state.stacks.forEach((stack) => { counts[stack.sync] = (counts[stack.sync] || 0) + 1; });
    const parts = ['Synced', 'OutOfSync', 'Invalid', 'Unknown'].filter((sync) => counts[sync])
        .map((sync) => el('span', { class: 'badge sync-' + sync, 'data-field': 'summary-' + sync },
            counts[sync] + ' ' + sync));
    document.getElementById('summary').replaceChildren(
        state.stacks.length + ' stack' + (state.stacks.length === 1 ? '' : 's'), ...parts);
  }

  // ---- events ------------------------------------------------------------------------------------------------

  function renderEvents() {
    const items = state.events.map((event) => {
      const at = parseTime(event.time);
      return el('li', { 'data-event-type': event.type, 'data-event-stack': event.stack || '' },
          el('time', { datetime: event.time || '', title: event.time || '' }, at ? clock(at) : ''),
          el('span', { class: 'event-stack' }, event.stack || 'source'),
          el('span', { class: 'badge event-' + cssToken(event.type) }, event.type),
          el('span', { class: 'event-message' }, event.message,
              (event.details || []).length > 0 && el('ul', { class: 'event-details', 'data-field': 'event-details' },
                  event.details.map((detail) => el('li', {}, el('code', {}, detail))))));
    });
    document.getElementById('events').replaceChildren(...items);
    document.getElementById('no-events').hidden = state.events.length > 0;
  }

  // ---- notifications -----------------------------------------------------------------------------------------

  /** One line per sink: where it goes (scheme and host only), how many went, and the last error in red if failing. */
  function renderNotifications() {
    const list = document.getElementById('notifications');
    const status = state.notifications;
    if (!status) {
      list.replaceChildren(el('li', { class: 'muted' }, 'Unknown: the notification status could not be read.'));
      return;
    }
    if (!status.configured || !status.sinks || status.sinks.length === 0) {
      list.replaceChildren(el('li', { class: 'muted', 'data-field': 'notify-none' },
          'None configured (reconciler.notify.slack-webhook-url, reconciler.notify.webhook-url).'));
      return;
    }
    list.replaceChildren(...status.sinks.map((sink) => {
      const lastSuccess = parseTime(sink.lastSuccessAt);
      const lastFailure = parseTime(sink.lastFailureAt);
      const counts = sink.sent + ' sent' + (sink.failed ? ', ' + sink.failed + ' failed' : '')
          + (sink.dropped ? ', ' + sink.dropped + ' dropped' : '') + (sink.pending ? ', ' + sink.pending + ' pending' : '')
          + (lastSuccess ? '; last sent ' + clock(lastSuccess) : '');
      const item = el('li', { 'data-sink': sink.sink },
          el('span', { class: 'badge ' + (sink.failing ? 'notify-failing' : 'notify-ok'), 'data-field': 'notify-sink' },
              sink.sink),
          ' ', el('code', { 'data-field': 'notify-target' }, sink.target),
          ' ', el('span', { class: 'muted small', 'data-field': 'notify-counts' }, counts));
      if (sink.failing && sink.lastError) {
        item.appendChild(el('div', { class: 'error-text', 'data-field': 'notify-error' },
            'Notifications failing: the last one was not delivered'
            + (lastFailure ? ' (' + clock(lastFailure) + ')' : '') + ': ' + sink.lastError));
      } else if (sink.lastError) {
        item.appendChild(el('div', { class: 'muted small', 'data-field': 'notify-last-failure' },
            'Last failure' + (lastFailure ? ' ' + clock(lastFailure) : '') + ': ' + sink.lastError));
      }
      return item;
    }));
  }

  // ---- loading -----------------------------------------------------------------------------------------------

  async function getJson(path) {
    const response = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) {
      throw new Error('GET ' + path + ' answered ' + response.status);
    }
    return response.json();
  }

  async function loadDetail(name) {
    try {
      state.details.set(name, await getJson('api/v1/stacks/' + encodeURIComponent(name)));
    } catch (error) {
      state.details.set(name, { error: error.message });
    }
  }

  async function refresh() {
    const failure = document.getElementById('fetch-error');
    try {
      const [stacks, events, notifications] = await Promise.all([getJson('api/v1/stacks'),
        getJson('api/v1/events?limit=50'), getJson('api/v1/notifications').catch(() => null)]);
      state.stacks = stacks;
      state.events = events;
      state.notifications = notifications;
      const names = new Set(stacks.map((stack) => stack.name));
      for (const name of [...state.expanded]) {
        if (!names.has(name)) {
          state.expanded.delete(name);
        }
      }
      await Promise.all([...state.expanded].map(loadDetail));
      state.updatedAt = new Date();
      failure.hidden = true;
      failure.textContent = '';
    } catch (error) {
      failure.hidden = false;
      failure.textContent = 'Cannot reach the controller: ' + error.message;
    }
    render();
  }

  function render() {
    renderStacks();
    renderNotifications();
    renderEvents();
    const updated = document.getElementById('last-updated');
    if (state.updatedAt) {
      updated.textContent = clock(state.updatedAt);
      updated.setAttribute('datetime', state.updatedAt.toISOString());
    }
  }

  async function toggleStack(name) {
    if (state.expanded.has(name)) {
      state.expanded.delete(name);
      render();
      return;
    }
    state.expanded.add(name);
    render();
    await loadDetail(name);
    render();
  }

  // A link to a stack (/#hello) opens its details.
  const linked = decodeURIComponent(window.location.hash.slice(1));
  if (linked) {
    state.expanded.add(linked);
  }
  refresh();
  setInterval(refresh, REFRESH_MS);
})();

// The vanilla-JS baseline of scripts/bench: the console's failed-task table
// (same columns, markup, classes and text) built with plain DOM calls from
// the same JSON. English only; one cached Intl.DateTimeFormat; event
// delegation on <tbody>. Used by the benchmark page (imported) and by
// ./index.html (standalone: fetches config.json and one page of the list).

const STATUS = {
  createFail: ['Create failed', 'provision'],
  attachFail: ['Attach failed', 'provision'],
  startFail: ['Start failed', 'provision'],
  deleteFail: ['Delete failed', 'teardown'],
  detachFail: ['Detach failed', 'teardown'],
  stopFail: ['Stop failed', 'teardown'],
  failoverFail: ['Failover failed', 'switchover'],
  reverseFail: ['Reverse failed', 'switchover'],
  reprotectFail: ['Re-protect failed', 'switchover'],
  expandFail: ['Expand failed', 'capacity'],
  resizeFail: ['Resize failed', 'capacity'],
};

const KIND = {
  servergroup: 'Protection group',
  protectiongroup: 'Protection group',
  protectedinstance: 'Protected instance',
  replication: 'Replication pair',
  replicationpair: 'Replication pair',
  disasterrecoverydrill: 'DR drill',
  drill: 'DR drill',
};

const JOB_TYPE = {
  createProtectedInstance: 'Create protected instance',
  deleteProtectedInstance: 'Delete protected instance',
  createServerGroup: 'Create protection group',
  deleteServerGroup: 'Delete protection group',
  startServerGroup: 'Start protection',
  stopServerGroup: 'Stop protection',
  failoverServerGroup: 'Failover',
  reverseServerGroup: 'Planned failover',
  reprotectServerGroup: 'Re-protect',
  createReplicationPair: 'Create replication pair',
  deleteReplicationPair: 'Delete replication pair',
  addProtectedInstanceNic: 'Add protected instance NIC',
  deleteProtectedInstanceNic: 'Delete protected instance NIC',
  expandReplicationPairNew: 'Expand replication pair',
  attachReplicationPair: 'Attach replication pair',
  detachReplicationPair: 'Detach replication pair',
  resizeProtectedInstance: 'Resize protected instance',
  createDisasterRecoveryDrill: 'Create DR drill',
  deleteDisasterRecoveryDrill: 'Delete DR drill',
};

const COLUMNS = [
  ['begin_time', 'Began'],
  ['status', 'Status'],
  ['resource', 'Resource'],
  ['job_type', 'Job type'],
  ['error_code', 'Error code'],
  ['reason', 'Failure reason'],
  ['job_id', 'Job ID'],
];

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const str = (v) => (v == null ? '' : String(v));

let dateFormat = null;
function formatLocal(iso) {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  if (!dateFormat) {
    dateFormat = new Intl.DateTimeFormat('en', {
      year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
    });
  }
  return dateFormat.format(ms);
}

function relativeTime(now, then) {
  const age = now - then;
  if (!Number.isFinite(age)) return '';
  if (age < -MINUTE) return 'in the future';
  if (age < 10 * SECOND) return 'just now';
  if (age < MINUTE) return Math.floor(age / SECOND) + ' s ago';
  if (age < HOUR) return Math.floor(age / MINUTE) + ' min ago';
  if (age < DAY) return Math.floor(age / HOUR) + ' h ago';
  return Math.floor(age / DAY) + ' d ago';
}

// At most `max` characters (code points), whitespace and control
// characters folded into single spaces, an ellipsis when cut.
const SPACE = /[\s\u0000-\u001f\u007f-\u009f]/;
function oneLine(text, max) {
  let out = '';
  let count = 0;
  let lastSpace = false;
  for (let c of text) {
    if (SPACE.test(c)) c = ' ';
    if (c === ' ' && lastSpace) continue;
    lastSpace = c === ' ';
    if (count === max) return out + '\u2026';
    out += c;
    count++;
  }
  return out;
}

function shortId(id) {
  const chars = Array.from(id);
  if (chars.length <= 12) return id;
  return chars.slice(0, 6).join('') + '\u2026' + chars.slice(-4).join('');
}

function kindLabel(raw) {
  let norm = raw.replace(/[_\- ]/g, '').toLowerCase();
  if (norm.endsWith('s')) norm = norm.slice(0, -1);
  return KIND[norm];
}

const rowTemplate = document.createElement('template');
rowTemplate.innerHTML =
  '<tr role="row"><td role="cell" class="sdrs-cell-time"><time></time><span class="sdrs-sub"></span></td>' +
  '<td role="cell" class="sdrs-cell-status"><span class="sdrs-chip"></span></td>' +
  '<td role="cell" class="sdrs-cell-resource"><span class="sdrs-name"></span><span class="sdrs-sub"></span></td>' +
  '<td role="cell" class="sdrs-cell-job-type"></td><td role="cell" class="sdrs-mono sdrs-cell-code"></td>' +
  '<td role="cell" class="sdrs-cell-reason"></td><td role="cell" class="sdrs-mono sdrs-cell-job-id"></td>' +
  '<td role="cell" class="sdrs-cell-actions"><button class="sdrs-icon-button sdrs-row-delete" type="button">Delete</button></td></tr>';
const ROW = rowTemplate.content.firstChild;

/// The panel's table with an empty body, in `host`; returns its parts.
export function createTable(host) {
  const panel = document.createElement('div');
  panel.className = 'sdrs-panel';
  panel.lang = 'en';
  const status = document.createElement('div');
  status.className = 'sdrs-status';
  status.setAttribute('role', 'status');
  const wrap = document.createElement('div');
  wrap.className = 'sdrs-table-wrap';
  const progress = document.createElement('div');
  progress.className = 'sdrs-progress';
  progress.setAttribute('aria-hidden', 'true');
  const table = document.createElement('table');
  table.className = 'sdrs-table sdrs-task-table';
  table.setAttribute('role', 'table');
  const caption = table.createCaption();
  caption.className = 'sdrs-visually-hidden';
  caption.textContent =
    'Failed tasks, newest first. Select a row to see its details. Sorting applies to the rows of this page.';
  table.createTHead().setAttribute('role', 'rowgroup');
  const head = table.tHead.insertRow();
  head.setAttribute('role', 'row');
  for (const [key, title] of COLUMNS) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.setAttribute('role', 'columnheader');
    th.dataset.sortKey = key;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'sdrs-sort';
    const arrow = document.createElement('span');
    arrow.className = 'sdrs-sort-arrow';
    arrow.setAttribute('aria-hidden', 'true');
    if (key === 'begin_time') {
      th.setAttribute('aria-sort', 'descending');
      arrow.textContent = '\u25bc';
    }
    button.append(title, arrow);
    th.append(button);
    head.append(th);
  }
  const actions = document.createElement('th');
  actions.scope = 'col';
  actions.setAttribute('role', 'columnheader');
  actions.innerHTML = '<span class="sdrs-visually-hidden">Actions</span>';
  head.append(actions);
  const tbody = table.createTBody();
  tbody.setAttribute('role', 'rowgroup');
  // One listener per event type for all rows.
  tbody.addEventListener('click', (ev) => {
    const tr = ev.target.closest('tr[data-row-id]');
    if (!tr) return;
    if (ev.target.closest('.sdrs-row-delete')) {
      ev.stopPropagation();
      panel.dataset.pendingDelete = tr.dataset.jobId;
      return;
    }
    for (const open of tbody.querySelectorAll('tr[aria-current]')) open.removeAttribute('aria-current');
    tr.setAttribute('aria-current', 'true');
  });
  tbody.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && ev.target.matches('tr[data-row-id]')) {
      ev.preventDefault();
      ev.target.click();
    }
  });
  tbody.addEventListener('focusin', (ev) => {
    const tr = ev.target.closest('tr[data-row-id]');
    if (!tr) return;
    for (const row of tbody.querySelectorAll('tr[tabindex="0"]')) row.tabIndex = -1;
    tr.tabIndex = 0;
  });
  wrap.append(progress, table);
  panel.append(status, wrap);
  host.append(panel);
  return { panel, status, table, tbody };
}

/// Fills `tbody` with one row per job of `jobs` (the parsed
/// `failure_jobs`), replacing what was there; `now` is epoch ms.
export function renderRows(tbody, jobs, now) {
  const fragment = document.createDocumentFragment();
  const seen = new Map();
  let first = true;
  for (const job of jobs) {
    if (job === null || typeof job !== 'object' || Array.isArray(job)) continue;
    const id = str(job.job_id);
    const n = seen.get(id) || 0;
    seen.set(id, n + 1);
    const rowId = n === 0 ? id : id + '#' + n;
    const begin = str(job.begin_time);
    const failure = str(job.failure_status);
    const status = STATUS[failure];
    const type = str(job.resource_type);
    const jobType = str(job.job_type);
    const reason = str(job.fail_reason);
    const code = job.error_code == null ? '\u2014' : String(job.error_code);
    const short = shortId(id);

    const tr = ROW.cloneNode(true);
    tr.dataset.jobId = id;
    tr.dataset.rowId = rowId;
    tr.dataset.rowKey = rowId;
    tr.tabIndex = first ? 0 : -1;
    first = false;
    const cells = tr.children;
    const time = cells[0].firstChild;
    time.dateTime = begin;
    time.textContent = formatLocal(begin);
    time.nextSibling.textContent = relativeTime(now, Date.parse(begin));
    const chip = cells[1].firstChild;
    chip.className = 'sdrs-chip sdrs-chip-' + (status ? status[1] : 'unknown');
    chip.append(status ? status[0] : failure);
    const name = cells[2].firstChild;
    name.textContent = oneLine(str(job.resource_name), 80);
    name.nextSibling.textContent = kindLabel(type) || type;
    cells[3].textContent = JOB_TYPE[jobType] || jobType;
    cells[4].textContent = code;
    const shown = oneLine(reason, 90);
    const full = oneLine(reason, 2000);
    if (full !== shown) cells[5].title = full;
    cells[5].textContent = shown;
    cells[6].title = id;
    cells[6].textContent = short;
    cells[7].firstChild.setAttribute('aria-label', 'Delete failed task ' + short);
    fragment.append(tr);
  }
  tbody.replaceChildren(fragment);
}

/// Reads every field of every row of a parsed response, as the wasm
/// decoder does; returns the number of rows.
export function readAll(list) {
  let sum = Number(list.count) || 0;
  const jobs = Array.isArray(list.failure_jobs) ? list.failure_jobs : [];
  let rows = 0;
  for (const j of jobs) {
    if (j === null || typeof j !== 'object') continue;
    rows++;
    sum += str(j.job_id).length + str(j.job_type).length + str(j.job_status).length +
      str(j.failure_status).length + str(j.resource_id).length + str(j.resource_name).length +
      str(j.resource_type).length + str(j.begin_time).length + str(j.error_code).length +
      str(j.fail_reason).length;
  }
  readAll.sink = sum;
  return rows;
}

/// The standalone page: config.json, then one page of the list (`limit`
/// from the page URL, default 50).
async function main(root) {
  const config = await (await fetch('/config.json')).json();
  const limit = new URLSearchParams(location.search).get('limit') || '50';
  const base = str(config.apiBase).replace(/\/+$/, '');
  const url = `${base}/v1/${encodeURIComponent(config.projectId)}/task-center/failure-jobs?limit=${encodeURIComponent(limit)}`;
  const parts = createTable(root);
  parts.status.textContent = 'Loading\u2026';
  const response = await fetch(url);
  const list = await response.json();
  const jobs = Array.isArray(list.failure_jobs) ? list.failure_jobs : [];
  renderRows(parts.tbody, jobs, Date.now());
  parts.status.textContent = `${parts.tbody.rows.length} rows loaded`;
}

const standalone = document.querySelector('[data-vanilla-standalone]');
if (standalone) {
  main(standalone).catch((e) => {
    standalone.textContent = 'The list could not be loaded: ' + e;
  });
}

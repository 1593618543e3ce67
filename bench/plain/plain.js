// The plain baseline of scripts/bench (P1): what a page written
// without any framework or design does with the same data. It fetches one
// page of the list from the same server and builds a simple 10-column
// <table> of text (one cell per field), with the browser's default styles.
// The page size <select> refetches on `change`, as the console's does.

const FIELDS = [
  'begin_time', 'failure_status', 'job_status', 'resource_name', 'resource_type',
  'resource_id', 'job_type', 'error_code', 'fail_reason', 'job_id',
];

const select = document.querySelector('select[name=page_size]');
const tbody = document.querySelector('tbody');
const head = document.querySelector('thead tr');
for (const field of FIELDS) {
  const th = document.createElement('th');
  th.scope = 'col';
  th.textContent = field;
  head.append(th);
}

const config = await (await fetch('/config.json')).json();
const base = String(config.apiBase ?? '').replace(/\/+$/, '');
const listUrl = (limit) =>
  `${base}/v1/${encodeURIComponent(config.projectId)}/task-center/failure-jobs?limit=${encodeURIComponent(limit)}`;

let current = 0;
async function show(limit) {
  const ticket = ++current;
  const list = await (await fetch(listUrl(limit))).json();
  if (ticket !== current) return;
  const jobs = Array.isArray(list.failure_jobs) ? list.failure_jobs : [];
  const fragment = document.createDocumentFragment();
  for (const job of jobs) {
    const tr = document.createElement('tr');
    for (const field of FIELDS) {
      const td = document.createElement('td');
      td.textContent = job[field] == null ? '' : String(job[field]);
      tr.append(td);
    }
    fragment.append(tr);
  }
  tbody.replaceChildren(fragment);
}

select.addEventListener('change', () => show(select.value));
const limit = new URLSearchParams(location.search).get('limit') || '10';
select.value = limit;
await show(limit);
window.plainReady = true;

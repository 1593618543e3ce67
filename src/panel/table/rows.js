// The failed-task table's rows, built in one call per batch: the wasm side
// computes every text of every row (labels, times, truncation) and sends
// them as one string with the end offset of each field, so a thousand rows
// cost one string copy instead of some thirty calls each. Texts go in as
// textContent and attribute values, never as markup.

const templates = new WeakMap();

// The row every row is cloned from, one per document: its elements,
// classes, roles (kept when the stylesheet lays rows out as grids) and the
// delete button.
function template(doc) {
  let tr = templates.get(doc);
  if (tr) return tr;
  const el = (tag, className, role) => {
    const e = doc.createElement(tag);
    if (className) e.className = className;
    if (role) e.setAttribute('role', role);
    return e;
  };
  const cell = (className, ...children) => {
    const td = el('td', className, 'cell');
    td.append(...children);
    return td;
  };
  const button = el('button', 'sdrs-icon-button sdrs-row-delete');
  button.type = 'button';
  tr = el('tr', '', 'row');
  tr.append(
    cell('sdrs-cell-time', el('time'), el('span', 'sdrs-sub')),
    // The family's dot is the chip's ::before.
    cell('sdrs-cell-status', el('span')),
    cell('sdrs-cell-resource', el('span', 'sdrs-name'), el('span', 'sdrs-sub')),
    cell('sdrs-cell-job-type'),
    cell('sdrs-mono sdrs-cell-code'),
    cell('sdrs-cell-reason'),
    cell('sdrs-mono sdrs-cell-job-id'),
    cell('sdrs-cell-actions', button),
  );
  templates.set(doc, tr);
  return tr;
}

// A fragment of `flags.length` rows. `ends[i]` is where field i ends in
// `text` (UTF-16 offsets), 17 fields a row in the order read below (the
// order `RowBatch::push` writes); `flags[r]` bit 0: the row is the tab
// stop, bit 1: the row is open.
export function buildRows(doc, text, ends, flags) {
  const tpl = template(doc);
  const fragment = doc.createDocumentFragment();
  let at = 0;
  let field = 0;
  const next = () => text.slice(at, (at = ends[field++]));
  for (let r = 0; r < flags.length; r++) {
    const tr = tpl.cloneNode(true);
    const [time, status, resource, jobType, code, reason, jobId, actions] = tr.children;
    tr.setAttribute('data-row-id', next());
    const id = next();
    tr.setAttribute('data-job-id', id);
    const tabindex = flags[r] & 1 ? '0' : '-1';
    tr.setAttribute('tabindex', tabindex);
    if (flags[r] & 2) tr.setAttribute('aria-current', 'true');
    const stamp = time.firstChild;
    stamp.setAttribute('datetime', next());
    stamp.textContent = next();
    stamp.nextSibling.textContent = next();
    const chip = status.firstChild;
    chip.className = next();
    chip.textContent = next();
    resource.firstChild.textContent = next();
    resource.lastChild.textContent = next();
    jobType.textContent = next();
    code.textContent = next();
    const title = next();
    if (title) reason.setAttribute('title', title);
    reason.textContent = next();
    jobId.setAttribute('title', id);
    jobId.textContent = next();
    const button = actions.firstChild;
    button.setAttribute('tabindex', tabindex);
    button.setAttribute('aria-label', next());
    button.textContent = next();
    const refusal = next();
    if (refusal) {
      button.setAttribute('aria-disabled', 'true');
      button.setAttribute('title', refusal);
    }
    fragment.append(tr);
  }
  return fragment;
}

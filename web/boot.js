// Starts the console from an external module file, so pages need no inline
// script and work under `script-src 'self' 'wasm-unsafe-eval'`.
//
// The first list request leaves now, while the wasm downloads and compiles:
// its URL is worked out from config.json (preloaded by index.html) and the
// page URL the way the console does, for the plain cases. The console takes
// the answer when its first list request asks for the same URL and it
// succeeded; otherwise (another URL, an error, a token to send) it asks
// itself. Pages with a sign-in send no list request early. config.json is
// read once, here, for both. `data-sdrs-early-list="off"` on <html> turns
// this off.

const PROJECT = /^[A-Za-z0-9_-]{1,64}$/;

// As the console encodes query values: every byte but letters, digits and
// `unreserved` (`-._~`, kept by the live API's encoding only).
function encode(value, keepUnreserved) {
  const text = encodeURIComponent(value);
  return keepUnreserved
    ? text.replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    : text.replace(/[!'()*\-._~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function pageParams() {
  const params = new Map();
  for (const [key, value] of new URLSearchParams(location.search)) params.set(key, value);
  return params;
}

function given(params, key) {
  const value = (params.get(key) ?? '').trim();
  return value === '' ? null : value;
}

function pageOf(params) {
  const limit = Number.parseInt(params.get('limit') ?? '', 10);
  const offset = Number.parseInt(params.get('offset') ?? '', 10);
  return {
    limit: Number.isFinite(limit) ? Math.min(Math.max(limit, 1), 1000) : 50,
    offset: Number.isFinite(offset) && offset > 0 ? offset : 0,
  };
}

// `GET …/v1/{project}/task-center/failure-jobs?…` of the live list.
function liveList(base, project, params) {
  const parts = [];
  for (const key of ['failure_status', 'resource_name', 'server_group_id', 'resource_type']) {
    const value = given(params, key);
    if (value !== null) parts.push(`${key}=${encode(value, true)}`);
  }
  const { limit, offset } = pageOf(params);
  parts.push(`limit=${limit}`);
  if (offset > 0) parts.push(`offset=${offset}`);
  return `${base}/v1/${encode(project, true)}/task-center/failure-jobs?${parts.join('&')}`;
}

// `GET /api/journal?…` of "All scopes".
function journalList(base, params) {
  const parts = [];
  const names = [
    ['in_scope', 'scope'], ['failure_status', 'failure_status'], ['resource_type', 'resource_type'],
    ['resource_name', 'resource_name'], ['server_group_id', 'server_group_id'], ['error_code', 'error_code'],
    ['begun_from', 'begun_from'], ['begun_before', 'begun_before'],
  ];
  for (const [page, api] of names) {
    const value = given(params, page);
    if (value !== null) parts.push(`${api}=${encode(value, false)}`);
  }
  const state = ['open', 'cleared', 'all'].includes(params.get('state')) ? params.get('state') : 'open';
  const { limit, offset } = pageOf(params);
  parts.push(`state=${state}`, `limit=${limit}`, `offset=${offset}`);
  return `${base}/api/journal?${parts.join('&')}`;
}

function usableScopes(config) {
  const seen = new Set();
  const out = [];
  for (const scope of Array.isArray(config.scopes) ? config.scopes : []) {
    const name = String(scope?.name ?? '').trim();
    const project = String(scope?.project_id ?? scope?.projectId ?? '').trim();
    const live = String(scope?.live_base ?? scope?.liveBase ?? '').trim();
    if (!name || seen.has(name) || !PROJECT.test(project) || !live.startsWith('/') || live.startsWith('//')) continue;
    seen.add(name);
    out.push({ name, project, live: live.replace(/\/+$/, '') });
  }
  return out;
}

function firstListUrl(config) {
  const base = String(config.apiBase ?? config.api_base ?? '').trim().replace(/\/+$/, '');
  const params = pageParams();
  const scopes = usableScopes(config);
  if (scopes.length >= 2) {
    const chosen = scopes.find((s) => s.name === params.get('scope'));
    return chosen ? liveList(`${base}${chosen.live}`, chosen.project, params) : journalList(base, params);
  }
  const project = String(config.projectId ?? config.project_id ?? '').trim();
  return PROJECT.test(project) ? liveList(base, project, params) : null;
}

function startFirstList() {
  if (document.documentElement.dataset.sdrsEarlyList === 'off') return;
  const root = document.getElementById('sdrs-console-root');
  if (!root || !root.hasAttribute('data-sdrs-standalone')) return;
  // config.json once: the console takes this answer too
  // (`window.__sdrsEarlyConfig`) instead of asking again.
  const configAnswer = fetch(new URL('config.json', document.baseURI)).then(async (answer) => ({
    status: answer.status,
    text: await answer.text(),
  }));
  window.__sdrsEarlyConfig = configAnswer.catch(() => null);
  window.__sdrsEarlyList = configAnswer
    .then((answer) => (answer.status >= 200 && answer.status < 300 ? JSON.parse(answer.text) : null))
    .then((config) => {
      // A page that signs in (IAM: the user's token; a team: a session
      // the page cannot see before the console asks) is left to itself.
      const signsIn = config && (config.iamSignIn || (config.teamSignIn ?? config.team_sign_in));
      const url = config && !signsIn && firstListUrl(config);
      if (!url) return null;
      const absolute = new URL(url, document.baseURI).href;
      // The body is read here too: the console, once it runs, then finds
      // the whole answer ready and draws the rows in its first frame
      // instead of waiting a task for the body.
      const answer = fetch(absolute, { credentials: 'same-origin' }).then(async (response) => ({
        ok: response.ok,
        status: response.status,
        requestId: response.headers.get('x-request-id'),
        body: await response.arrayBuffer(),
      }));
      return { url: absolute, answer };
    })
    .catch(() => null);
}

startFirstList();
// Imported only now, so that the requests above leave before the console's
// JavaScript (preloaded by index.html) is loaded and run.
const bindings = await import('./sdrs-console.js');
await bindings.default({ module_or_path: new URL('./sdrs-console_bg.wasm', import.meta.url) });
window.sdrsConsole = bindings;
performance.mark('sdrs-console-ready');
window.dispatchEvent(new CustomEvent('sdrs-console-ready'));

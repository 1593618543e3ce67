// How a host loads and embeds the console: import the module, init it,
// mount panels, listen to their events. No inline script or style needed.
import init, { mount, defineElement } from '../sdrs-console.js';

await init({ module_or_path: new URL('../sdrs-console_bg.wasm', import.meta.url) });

const config = await (await fetch('../config.json')).json();
const apiBase = config.apiBase || '';
const projectId = config.projectId;
const groups = await (await fetch(`${apiBase}/v1/${projectId}/server-groups?limit=1`)).json();
const firstGroup = groups.server_groups?.[0]?.id;

const log = document.getElementById('event-log');
const portal = { tokenCalls: 0, events: [] };
window.portal = portal;

for (const name of ['sdrs-rows-loaded', 'sdrs-error', 'sdrs-job-opened']) {
  document.addEventListener(name, (event) => {
    const source = event.composedPath()[0]?.closest?.('.portal-card')?.id
      ?? event.target.closest?.('.portal-card')?.id ?? 'element';
    portal.events.push({ name, source, detail: event.detail });
    const item = document.createElement('li');
    item.textContent = `${source}: ${name} ${JSON.stringify(event.detail)}`;
    log.prepend(item);
  });
}

portal.a = mount(document.getElementById('panel-a'), {
  apiBase,
  projectId,
  // A portal usually has its own session: the panel asks before each call.
  getToken: async ({ refresh }) => {
    portal.tokenCalls += 1;
    return refresh ? 'portal-token-refreshed' : 'portal-token';
  },
});
portal.b = mount(document.getElementById('panel-b'), {
  apiBase,
  projectId,
  initialFilters: { server_group_id: firstGroup },
  locale: 'zh-CN',
});

defineElement();
const element = document.createElement('sdrs-failed-tasks');
element.setAttribute('api-base', apiBase);
element.setAttribute('project-id', projectId);
element.setAttribute('locale', 'en');
document.getElementById('element-slot').append(element);

document.getElementById('refresh-a').addEventListener('click', () => portal.a.refresh());
document.getElementById('filter-a').addEventListener('click', () => portal.a.setFilters({ failure_status: 'createFail' }));
document.getElementById('unmount-a').addEventListener('click', () => portal.a.unmount());
document.documentElement.dataset.portalReady = 'true';

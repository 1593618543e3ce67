// A page without a bundler: the package's files served as they are and
// imported by URL (an import map would be an inline script, which the
// strict CSP refuses). e2e/tests/package.rs puts the unpacked package in
// node_modules/sdrs-console/ beside this file and reads window.plainHost.
import * as sdrs from './node_modules/sdrs-console/index.js';

window.plainHost = { sdrs };
try {
  await sdrs.default();
  const config = await (await fetch('/config.json')).json();
  window.plainHost.config = config;
  window.plainHost.panel = sdrs.mount(document.getElementById('panel'), {
    apiBase: config.apiBase || '',
    projectId: config.projectId,
    token: 'plain-host-token',
  });
  document.documentElement.dataset.hostReady = 'true';
} catch (error) {
  document.documentElement.dataset.hostError = String(error);
}

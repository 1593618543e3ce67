// Mistakes the package's types must catch: `tsc -p tsconfig.wrong.json`
// has to fail with exactly the errors marked `// error TSnnnn` on their
// lines (e2e/tests/package.rs compares them). Never bundled.
import init, { PanelHandle, defineElement, mount } from 'sdrs-console';

const slot = document.createElement('div');

// The wasm's location goes in an options object.
await init('/sdrs-console_bg.wasm'); // error TS2559

// projectId is required.
mount(slot, { apiBase: '' }); // error TS2345

// A selector is not an element.
mount('#panel', { projectId: 'p' }); // error TS2345

// Wrong option types.
mount(slot, { projectId: 'p', apiBase: 8080 }); // error TS2322
mount(slot, { projectId: 'p', syncUrl: 'yes' }); // error TS2322
mount(slot, { projectId: 'p', getToken: async () => 42 }); // error TS2322

// token and getToken exclude each other.
mount(slot, { projectId: 'p', token: 't', getToken: () => 't' }); // error TS2345

// Filters: known keys only, and strings where the API has strings.
mount(slot, { projectId: 'p', initialFilters: { failure_status: 5 } }); // error TS2322
mount(slot, { projectId: 'p', initialFilters: { failureStatuses: 'createFail' } }); // error TS2561

const handle = mount(slot, { projectId: 'p' });
handle.setFilters('createFail'); // error TS2559
// The page size is set at mount only.
handle.setFilters({ limit: 50 }); // error TS2353
handle.remount(); // error TS2339

// Handles come from mount.
new PanelHandle(); // error TS2673

// Event details are typed.
slot.addEventListener('sdrs-rows-loaded', (event) => {
  const total: number = event.detail.total; // error TS2322
  return total;
});
slot.addEventListener('sdrs-job-opened', (event) => event.detail.jobID); // error TS2551

// The custom element has attributes, not the handle's methods.
defineElement();
const element = document.createElement('sdrs-failed-tasks');
element.refresh(); // error TS2339
element.addEventListener('sdrs-error', (event) => event.detail.status.toFixed()); // error TS18047

/// <reference types="vite/client" />
// A portal page in TypeScript embedding the failed-task panel through the
// sdrs-console package: one panel mounted with a token provider, one
// custom element. What happens is kept in `window.viteHost`, which the
// end-to-end test (e2e/tests/package.rs) reads.
import init, { defineElement, mount } from 'sdrs-console';
import type {
  GetToken,
  MountOptions,
  PanelHandle,
  SdrsErrorDetail,
  SdrsFailedTasksElement,
  SdrsJobOpenedDetail,
  SdrsPanelEventMap,
  SdrsRowsLoadedDetail,
} from 'sdrs-console';
import 'sdrs-console/console.css';
// The URL of the emitted console.css, for the custom element's shadow root
// (the bundle merges the imported sheet into its own CSS file).
import consoleCssUrl from 'sdrs-console/console.css?url';
import './host.css';

/** The page's `config.json`, written by sdrs-console-server. */
interface HostConfig {
  apiBase?: string;
  projectId: string;
}

type PanelEventName = keyof SdrsPanelEventMap;
type EventDetail = SdrsRowsLoadedDetail | SdrsErrorDetail | SdrsJobOpenedDetail;

interface RecordedEvent {
  source: 'panel' | 'element';
  name: PanelEventName;
  detail: EventDetail;
}

interface ViteHost {
  tokenCalls: number;
  tokenRefreshes: number;
  events: RecordedEvent[];
  panel: PanelHandle;
  element: SdrsFailedTasksElement;
}

declare global {
  interface Window {
    viteHost?: ViteHost;
  }
}

const EVENT_NAMES: readonly PanelEventName[] = ['sdrs-rows-loaded', 'sdrs-error', 'sdrs-job-opened'];

function byId(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element;
}

/** One line of the status for each event, read from the typed detail. */
function describe(name: PanelEventName, detail: EventDetail): string {
  if ('count' in detail) return `${name}: ${detail.count} of ${detail.total ?? '?'}`;
  if ('code' in detail) return `${name}: ${detail.status ?? 'no status'} ${detail.code}`;
  return `${name}: ${detail.jobId}`;
}

async function start(): Promise<void> {
  // The bundler emitted the wasm and rewrote the module's URL of it.
  await init();
  const config = (await (await fetch('/config.json')).json()) as HostConfig;
  const status = byId('host-status');
  const events: RecordedEvent[] = [];
  const record = (source: RecordedEvent['source'], name: PanelEventName, detail: EventDetail): void => {
    events.push({ source, name, detail });
    status.textContent = describe(name, detail);
  };

  let tokenCalls = 0;
  let tokenRefreshes = 0;
  // A portal has its own session; the panel asks before each call.
  const getToken: GetToken = async ({ refresh }) => {
    tokenCalls += 1;
    if (refresh) tokenRefreshes += 1;
    return refresh ? 'vite-host-token-refreshed' : 'vite-host-token';
  };
  const options: MountOptions = {
    apiBase: config.apiBase ?? '',
    projectId: config.projectId,
    getToken,
    locale: 'en',
  };
  const slot = byId('panel');
  // Typed by the package's HTMLElementEventMap entries.
  slot.addEventListener('sdrs-rows-loaded', (event) => record('panel', 'sdrs-rows-loaded', event.detail));
  slot.addEventListener('sdrs-error', (event) => record('panel', 'sdrs-error', event.detail));
  slot.addEventListener('sdrs-job-opened', (event) => record('panel', 'sdrs-job-opened', event.detail));
  const panel = mount(slot, options);

  defineElement();
  const element = document.createElement('sdrs-failed-tasks');
  element.setAttribute('api-base', config.apiBase ?? '');
  element.setAttribute('project-id', config.projectId);
  element.setAttribute('locale', 'en');
  element.setAttribute('stylesheet', consoleCssUrl);
  for (const name of EVENT_NAMES) {
    element.addEventListener(name, (event) => record('element', name, event.detail));
  }
  byId('element-slot').append(element);

  window.viteHost = {
    get tokenCalls() {
      return tokenCalls;
    },
    get tokenRefreshes() {
      return tokenRefreshes;
    },
    events,
    panel,
    element,
  };
  document.documentElement.dataset.hostReady = 'true';
}

start().catch((error: unknown) => {
  document.documentElement.dataset.hostError = String(error);
  const status = document.getElementById('host-status');
  if (status) status.textContent = `The panel could not start: ${String(error)}`;
});

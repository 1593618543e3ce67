// Types of the sdrs-console package: the embedding API of src/embed.rs
// (mount, PanelHandle, defineElement), the module loader of wasm-bindgen's
// `--target web` output (init) and the events of src/components/panel.rs.
// Written by hand; e2e/tests/package.rs checks them against the module.

/** Where the WebAssembly comes from. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOptions {
  /**
   * The wasm file (its URL, a `fetch` response, its bytes or a compiled
   * module). Default: `sdrs-console_bg.wasm` beside the module, found
   * through `import.meta.url`, which bundlers rewrite to the emitted file.
   */
  module_or_path?: InitInput | Promise<InitInput>;
}

/** The instantiated module's exports; nothing in them is API. */
export interface InitOutput {
  readonly memory: WebAssembly.Memory;
}

/**
 * Loads and starts the WebAssembly module. Call it once before `mount` or
 * `defineElement`; later calls return the same instance.
 */
export default function init(options?: InitOptions): Promise<InitOutput>;

/**
 * A `failure_status` of the Task Center API: the 11 documented values, and
 * any other text (values the service adds later are passed on as they are).
 */
export type FailureStatus =
  | 'createFail'
  | 'deleteFail'
  | 'attachFail'
  | 'detachFail'
  | 'expandFail'
  | 'resizeFail'
  | 'startFail'
  | 'stopFail'
  | 'reverseFail'
  | 'failoverFail'
  | 'reprotectFail'
  | (string & {});

/** A `resource_type` filter: the 4 documented values, and any other text. */
export type ResourceType =
  | 'server_groups'
  | 'protected_instances'
  | 'replications'
  | 'disaster_recovery_drills'
  | (string & {});

/** The panel's languages; other tags fall back to English, `zh*` is Chinese. */
export type Locale = 'en' | 'zh-CN' | (string & {});

/**
 * Filters of the failed-task list, in the API's snake_case or in
 * camelCase (snake_case wins when both are given). Unknown keys are
 * ignored; a value of the wrong type throws a `TypeError`.
 */
export interface Filters {
  failure_status?: FailureStatus;
  failureStatus?: FailureStatus;
  resource_type?: ResourceType;
  resourceType?: ResourceType;
  /** A protection group: only the failures in it. */
  server_group_id?: string;
  serverGroupId?: string;
  resource_name?: string;
  resourceName?: string;
}

/** The first view of a panel: filters, and the page (`limit` 1 to 1000). */
export interface InitialFilters extends Filters {
  /** Rows per page, a whole number (clamped to 1..=1000). */
  limit?: number;
  /** Rows skipped, a whole number, 0 or more. */
  offset?: number;
}

/** The argument of `getToken`. */
export interface TokenRequest {
  /** `true` after the API answered 401: hand out a new token. */
  readonly refresh: boolean;
}

/**
 * Gives the IAM token sent as `X-Auth-Token`; asked before each request
 * and again with `refresh: true` after a 401. Anything but a string (or a
 * rejected promise) sends no token.
 */
export type GetToken = (
  request: TokenRequest,
) => string | null | undefined | Promise<string | null | undefined>;

interface CommonMountOptions {
  /** Base URL of the SDRS API, or of a same-origin proxy. Default: `''`, the page's origin. */
  apiBase?: string;
  /** The project whose failed tasks are shown: 1 to 64 letters, digits, `-` or `_`. */
  projectId: string;
  initialFilters?: InitialFilters;
  /** Mirror the view into the page URL (and start from it). Default: `false`. */
  syncUrl?: boolean;
  /** Default: the browser's language. */
  locale?: Locale;
  /**
   * Folder URL of the error-code catalogs (`en.json`, `zh.json`), fetched
   * when a drawer or an error first needs an explanation. Default: `codes/`
   * beside the module.
   */
  codesBase?: string;
}

/** A fixed token. */
interface StaticTokenOptions {
  token?: string;
  getToken?: never;
}

/** A token asked from the host before each request. */
interface TokenProviderOptions {
  getToken: GetToken;
  token?: never;
}

/** The options of `mount`: `token` or `getToken`, not both. */
export type MountOptions = CommonMountOptions & (StaticTokenOptions | TokenProviderOptions);

/** A mounted panel. Its methods do nothing once it is unmounted. */
export class PanelHandle {
  /** Handles come from `mount`. */
  private constructor();
  /** Removes the panel's DOM and stops its timers and requests. */
  unmount(): void;
  /** Fetches the current page again. */
  refresh(): void;
  /**
   * Shows the first page of these filters (the page size stays); filters
   * not given are cleared. Throws a `TypeError` for a value of the wrong type.
   */
  setFilters(filters: Filters): void;
  /** Switches the language without refetching. */
  setLocale(locale: Locale): void;
  /** Unmounts the panel if it still is, and releases the handle; do not use it afterwards. */
  free(): void;
}

/**
 * Mounts a panel into `element` (link the package's `console.css` in the
 * page). Throws a `TypeError` naming the option when an option has the
 * wrong type or `projectId` is missing.
 */
export function mount(element: HTMLElement, options: MountOptions): PanelHandle;

/**
 * Registers `<sdrs-failed-tasks>` (once; `false` when the name was already
 * taken). Its panel renders in its own shadow root, which links
 * `console.css`: the `stylesheet` attribute, else the page's link to a
 * `console.css`, else the file beside the module.
 */
export function defineElement(): boolean;

/** `sdrs-rows-loaded`: a page of rows is on screen. */
export interface SdrsRowsLoadedDetail {
  /** Rows on this page. */
  readonly count: number;
  /** Rows of all pages, when the API's answer tells. */
  readonly total: number | null;
}

/** `sdrs-error`: a list request failed (an aborted one is not reported). */
export interface SdrsErrorDetail {
  /** The HTTP status; `null` when there was none (network error, timeout, unreadable answer). */
  readonly status: number | null;
  /** The SDRS or gateway error code (e.g. `SDRS.1502`), or the HTTP status as text. */
  readonly code: string;
  readonly message: string;
  /** `X-Request-Id` of the failed answer, for the service's support. */
  readonly requestId: string | null;
}

/** `sdrs-job-opened`: the user opened a failed task's details. */
export interface SdrsJobOpenedDetail {
  readonly jobId: string;
}

/**
 * The panel's events. They bubble and cross shadow roots, so the mount
 * element, the custom element or any ancestor can listen.
 */
export interface SdrsPanelEventMap {
  'sdrs-rows-loaded': CustomEvent<SdrsRowsLoadedDetail>;
  'sdrs-error': CustomEvent<SdrsErrorDetail>;
  'sdrs-job-opened': CustomEvent<SdrsJobOpenedDetail>;
}

/** The custom element's attributes; a change of any of them remounts the panel. */
export interface SdrsFailedTasksAttributes {
  'api-base'?: string;
  'project-id': string;
  locale?: Locale;
  /**
   * URL of the package's `console.css` for the shadow root. Default: the
   * page's `<link rel="stylesheet">` to a `console.css`, else the file
   * beside the module. One that cannot be loaded is named in a message.
   */
  stylesheet?: string;
}

export interface SdrsFailedTasksElementEventMap extends HTMLElementEventMap, SdrsPanelEventMap {}

/** `<sdrs-failed-tasks>`, registered by `defineElement`. */
export interface SdrsFailedTasksElement extends HTMLElement {
  addEventListener<K extends keyof SdrsFailedTasksElementEventMap>(
    type: K,
    listener: (this: SdrsFailedTasksElement, event: SdrsFailedTasksElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof SdrsFailedTasksElementEventMap>(
    type: K,
    listener: (this: SdrsFailedTasksElement, event: SdrsFailedTasksElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
  getAttribute(name: keyof SdrsFailedTasksAttributes): string | null;
  getAttribute(name: string): string | null;
  setAttribute(name: keyof SdrsFailedTasksAttributes, value: string): void;
  setAttribute(name: string, value: string): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'sdrs-failed-tasks': SdrsFailedTasksElement;
  }
  // The events bubble from the panel to every ancestor of it.
  interface HTMLElementEventMap extends SdrsPanelEventMap {}
  interface DocumentEventMap extends SdrsPanelEventMap {}
  interface WindowEventMap extends SdrsPanelEventMap {}
}

/**
 * One stand-in for the desktop app's preload API, for browser tests of the
 * page as the desktop app runs it (Electron itself cannot start here). Set
 * on `window` before the page's scripts, it makes the page pick the Electron
 * bridge; the test plays the main process: it chooses what each call
 * answers, sends what the main process would send, and reads what the page
 * called.
 *
 * The page-side object is typed as the real PreloadApi, so a function added
 * to the preload is a type error here until the stand-in has it too, rather
 * than a page that quietly falls back to the browser bridge.
 */
import type { Page } from '@playwright/test';
import {
  preloadGlobalName,
  type HostedServer,
  type HostInfo,
  type PreloadApi,
} from '../../../renderer/contract/host-bridge.js';
import { defaultSettings } from '../../../renderer/contract/user-settings.js';

type ListenerFunction = (listener: (message: unknown) => void) => () => void;

/** The preload functions that take a listener: where the main process's messages reach the page. */
export type StandInEvent = {
  [K in keyof PreloadApi]: PreloadApi[K] extends ListenerFunction ? K : never;
}[keyof PreloadApi];

/** The preload functions the page calls and awaits. */
export type StandInCall = Exclude<keyof PreloadApi, StandInEvent>;

/** What a call resolves with. */
export type StandInAnswers = { [K in StandInCall]?: Awaited<ReturnType<PreloadApi[K]>> };

/** Per-test overrides of the stand-in's behaviour; everything is data, as it crosses into the page. */
export interface StandInOptions {
  /** What calls resolve with, over the defaults (an Electron host with no server, "Desk Ada"'s settings). */
  answers?: StandInAnswers;
  /** Calls that reject, with this message; `startHosting` does unless it has an answer. */
  refusals?: Partial<Record<StandInCall, string>>;
  /** Messages each new listener gets at once, as from a main process that had them waiting. */
  onListen?: Partial<Record<StandInEvent, unknown[]>>;
}

interface PageConfig {
  globalName: string;
  answers: StandInAnswers;
  refusals: Partial<Record<StandInCall, string>>;
  onListen: Partial<Record<StandInEvent, unknown[]>>;
}

/** What the page holds on `window.__standIn`, for the test to drive. */
interface PageState {
  calls: Array<{ name: StandInCall; args: unknown[] }>;
  send(event: StandInEvent, message: unknown): void;
  listening(event: StandInEvent): number;
}

/** Runs in the page before its scripts: self-contained, as Playwright sends it as source. */
function installInPage(config: PageConfig): void {
  const calls: PageState['calls'] = [];
  const listeners: Record<StandInEvent, Set<(message: unknown) => void>> = {
    onScreenSourceRequest: new Set(),
    watchRooms: new Set(),
    watchAppLinks: new Set(),
    onCertificateRefused: new Set(),
  };
  const call = <K extends StandInCall>(name: K): PreloadApi[K] => {
    const answer = (...args: unknown[]): Promise<unknown> => {
      // Arguments are copied as IPC would copy them: what the page changes later is not what it sent.
      calls.push({ name, args: structuredClone(args) });
      const refusal = config.refusals[name];
      if (refusal !== undefined) return Promise.reject(new Error(refusal));
      return Promise.resolve(structuredClone(config.answers[name]));
    };
    return answer as unknown as PreloadApi[K];
  };
  const listen =
    (event: StandInEvent): ListenerFunction =>
    (listener) => {
      listeners[event].add(listener);
      for (const message of config.onListen[event] ?? []) listener(structuredClone(message));
      return () => {
        listeners[event].delete(listener);
      };
    };
  const api: PreloadApi = {
    getHostInfo: call('getHostInfo'),
    startHosting: call('startHosting'),
    stopHosting: call('stopHosting'),
    loadSettings: call('loadSettings'),
    saveSettings: call('saveSettings'),
    onScreenSourceRequest: listen('onScreenSourceRequest'),
    answerScreenSourceRequest: call('answerScreenSourceRequest'),
    watchRooms: listen('watchRooms'),
    advertiseRoom: call('advertiseRoom'),
    trustCertificate: call('trustCertificate'),
    onCertificateRefused: listen('onCertificateRefused'),
    watchAppLinks: listen('watchAppLinks'),
    createDownload: call('createDownload'),
    writeDownload: call('writeDownload'),
    finishDownload: call('finishDownload'),
    discardDownload: call('discardDownload'),
  };
  const state: PageState = {
    calls,
    send: (event, message) => listeners[event].forEach((listener) => listener(structuredClone(message))),
    listening: (event) => listeners[event].size,
  };
  const scope = window as unknown as Record<string, unknown>;
  scope[config.globalName] = api;
  scope.__standIn = state;
}

/** The test's side of the stand-in: the main process, as the page sees it. */
export interface StandIn {
  /** Sends every listener of this kind a message, as the main process would over IPC. */
  send(event: StandInEvent, message: unknown): Promise<void>;
  /** The arguments of each call the page made to `name`, in order. */
  calls<K extends StandInCall>(name: K): Promise<Array<Parameters<PreloadApi[K]>>>;
  /** How many listeners of this kind the page has now. */
  listening(event: StandInEvent): Promise<number>;
}

const defaultHostInfo: HostInfo = { kind: 'electron', appVersion: 'test', hosted: null };

/** Installs the stand-in in `page` for its next navigation; call before `page.goto`. */
export async function installStandInPreload(page: Page, options: StandInOptions = {}): Promise<StandIn> {
  const answers: StandInAnswers = {
    getHostInfo: defaultHostInfo,
    loadSettings: { ...defaultSettings, name: 'Desk Ada' },
    createDownload: {},
    finishDownload: '',
    ...options.answers,
  };
  const refusals = { ...options.refusals };
  if (answers.startHosting === undefined && refusals.startHosting === undefined)
    refusals.startHosting = 'Hosting is not part of this test.';
  const config: PageConfig = {
    globalName: preloadGlobalName,
    answers,
    refusals,
    onListen: options.onListen ?? {},
  };
  await page.addInitScript(installInPage, config);
  return {
    send: (event, message) =>
      page.evaluate(
        ([kind, sent]) => (window as unknown as { __standIn: PageState }).__standIn.send(kind, sent),
        [event, message] as const,
      ),
    calls: async (name) => {
      const made = await page.evaluate(() => (window as unknown as { __standIn: PageState }).__standIn.calls);
      // The page recorded them from the typed API's own calls.
      return made
        .filter((entry) => entry.name === name)
        .map((entry) => entry.args as Parameters<PreloadApi[typeof name]>);
    },
    listening: (event) =>
      page.evaluate(
        (kind) => (window as unknown as { __standIn: PageState }).__standIn.listening(kind),
        event,
      ),
  };
}

/** The server the test host runs, as the desktop app's hosting would report it. */
export async function hostedServer(hostUrl: string): Promise<HostedServer> {
  const response = await fetch(new URL('api/host-info', hostUrl));
  const { hosted } = (await response.json()) as { hosted: HostedServer };
  return hosted;
}

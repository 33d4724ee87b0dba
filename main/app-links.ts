/**
 * `huddle://join?…` links in the desktop app, and the one-instance rule they
 * rely on. Plain TypeScript with Electron's `app` passed in, so it is tested
 * under Node without Electron.
 *
 * How a link arrives depends on the system:
 * - Windows and Linux start the app with the link as a command-line argument.
 *   If Huddle already runs, that second process gets no lock, quits, and
 *   Electron hands its arguments to the first as `second-instance`.
 * - macOS keeps one process anyway and sends `open-url`, also at launch.
 *
 * A link is read with the same strict parser as pasted invites; what reaches
 * the page is a link that parsed, or the reason it did not. The page only
 * fills in its join form from it: joining is always the user's click, and the
 * passcode is always typed (links never carry one).
 */
import { APP_LINK_SCHEME, readInvite } from '../renderer/engine/invite.js';
import type { AppLinkDelivery } from '../renderer/contract/host-bridge.js';

/** The part of Electron's `app` this needs. */
export interface AppLike {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  setAsDefaultProtocolClient(protocol: string): boolean;
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
  on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
}

export interface AppLinkOptions {
  app: AppLike;
  /** This launch's command line (`process.argv`): a link that started the app is in it. */
  argv: readonly string[];
  /**
   * Whether to make this app the system's handler for `huddle:` links. Only
   * for a packaged app: a development run (`electron .`) would otherwise take
   * over the links of the installed one.
   */
  register: boolean;
  /** Brings the window to the front, restoring it if minimised (no-op without a window). */
  focusWindow(): void;
  /** Tells the page that a link is waiting; it then calls `take()`. */
  notifyPage(): void;
  log?: (message: string) => void;
}

export interface AppLinks {
  /** False when Huddle already runs: this process handed its link over and is quitting. */
  readonly primary: boolean;
  /** The newest link (or refusal) not yet taken by the page; each is taken once. */
  take(): AppLinkDelivery | null;
}

/** The link among command-line arguments: the last that is a `huddle:` URL, or null. */
export function linkInArgv(argv: readonly string[]): string | null {
  const links = argv.filter((arg) => arg.slice(0, APP_LINK_SCHEME.length + 1).toLowerCase() === 'huddle:');
  return links.at(-1) ?? null;
}

/** A link from the system, checked: the link itself when it is a valid invite, else why not. */
export function deliveryFor(link: string): AppLinkDelivery {
  const reading = readInvite(link);
  return reading.ok ? { link: link.trim() } : { error: reading.reason };
}

/**
 * Takes the single-instance lock (quitting when another instance has it),
 * registers the link handler, and keeps the link this launch or a later one
 * brought until the page takes it.
 */
export function startAppLinks(options: AppLinkOptions): AppLinks {
  const { app, log = (message: string) => console.warn(message) } = options;
  // A second copy would compete for the host port; it passes its link to the first instead.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { primary: false, take: () => null };
  }
  if (options.register && !app.setAsDefaultProtocolClient(APP_LINK_SCHEME)) {
    log('Huddle could not make itself the handler of huddle: links; they will not open the app.');
  }

  let waiting: AppLinkDelivery | null = null;
  const receive = (link: string | null): void => {
    if (link === null) return;
    waiting = deliveryFor(link);
    options.notifyPage();
  };

  const fromLaunch = linkInArgv(options.argv);
  if (fromLaunch !== null) waiting = deliveryFor(fromLaunch);

  app.on('second-instance', (_event, argv) => {
    receive(linkInArgv(argv));
    // Even without a link: someone started Huddle again and expects to see it.
    options.focusWindow();
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    receive(url);
    options.focusWindow();
  });

  return {
    primary: true,
    take() {
      const taken = waiting;
      waiting = null;
      return taken;
    },
  };
}

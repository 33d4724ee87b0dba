/**
 * "Opening the page → first remote frame": for someone joining a room from
 * its address (`/?room=…`, name already saved), page load included, against
 * the same for a bare pair: a blank page whose first script opens the camera
 * and a bare RTCPeerConnection pair. Both figures are the page's own
 * performance.now() at its first decoded remote frame, which counts from
 * the navigation's start, in a browser started for that sample alone.
 *
 * The joiner's page clicks Join itself, from an init script, the moment the
 * form can join (this host's rendezvous server known): no test round trip
 * sits in the figure, and what is left is the app's own start-up and join.
 */
import { chromium, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/support/chromium.js';
import { recordPeerConnections } from '../e2e/support/members.js';
import { openBlankPage } from './blank-page.js';
import { bareFloorFirstFrameMs, firstRemoteFrameAt, watchFirstRemoteFrame } from './first-frame.js';

/** Init script: clicks Join once the form can join this host's room; records performance.now() of the click. */
export function autoJoinWhenReady(): void {
  const state = window as unknown as { __joinClickedAt?: number };
  const tryJoin = (): boolean => {
    const button = document.querySelector<HTMLButtonElement>('[data-testid="join-button"]');
    const thisHost = document.querySelector<HTMLInputElement>('[data-testid="server-this-host"]');
    if (!button || button.disabled || !thisHost || thisHost.disabled || !thisHost.checked) return false;
    state.__joinClickedAt = performance.now();
    button.click();
    return true;
  };
  const observer = new MutationObserver(() => {
    if (state.__joinClickedAt === undefined && tryJoin()) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
}

/** In-page: the first `huddle:*` mark of each step, the navigation's milestones and the click, in ms from navigation start. */
export function readJoinSteps(): Record<string, number> {
  const steps: Record<string, number> = {};
  const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
  if (navigation) {
    steps['html loaded'] = navigation.responseEnd;
    steps['DOM ready'] = navigation.domContentLoadedEventEnd;
  }
  for (const mark of performance.getEntriesByType('mark')) {
    if (!mark.name.startsWith('huddle:')) continue;
    const step = mark.name.slice('huddle:'.length);
    steps[step] ??= mark.startTime;
  }
  const clicked = (window as unknown as { __joinClickedAt?: number }).__joinClickedAt;
  if (clicked !== undefined) steps['join clicked'] = clicked;
  const first = (window as unknown as { __firstRemoteFrameAt?: number }).__firstRemoteFrameAt;
  if (first !== undefined) steps['first remote frame'] = first;
  return steps;
}

export interface PageOpenSample {
  ms: number;
  steps: Record<string, number>;
}

/** One joiner opening `roomUrl` in a browser of its own; the room is already open. */
export async function huddlePageOpen(roomUrl: string, name: string): Promise<PageOpenSample> {
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript((saved) => {
      localStorage.setItem('huddle.settings', JSON.stringify({ name: saved }));
    }, name);
    await page.addInitScript(recordPeerConnections);
    await page.addInitScript(watchFirstRemoteFrame);
    await page.addInitScript(autoJoinWhenReady);
    await page.goto(roomUrl);
    const ms = await firstRemoteFrameAt(page);
    return { ms, steps: await page.evaluate(readJoinSteps) };
  } finally {
    await browser.close();
  }
}

/** The floor: a blank page whose first script runs the bare pair; ms from navigation start to its first frame. */
export async function floorPageOpen(
  hostUrl: string,
  capture: { width: number; height: number },
): Promise<number> {
  const browser: Browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const { page } = await openBlankPage(browser, hostUrl, async (blank) => {
      await blank.addInitScript(
        `(() => { const at = performance.now(); (${bareFloorFirstFrameMs.toString()})(${JSON.stringify(capture)})` +
          `.then((ms) => { window.__floorFirstFrameAt = at + ms; }); })();`,
      );
    });
    const handle = await page.waitForFunction(
      () => (window as unknown as { __floorFirstFrameAt?: number }).__floorFirstFrameAt,
      null,
      { timeout: 30_000, polling: 50 },
    );
    return (await handle.jsonValue()) as number;
  } finally {
    await browser.close();
  }
}

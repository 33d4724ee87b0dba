/**
 * A room member as a test drives it: its own browser context (own storage,
 * own fake camera), and the steps a person takes in the UI.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';

export interface Member {
  name: string;
  context: BrowserContext;
  page: Page;
  /** The page's last `[huddle]` console lines, for failure messages (members opened by openMember). */
  log?: string[];
}

const LOG_LINES_KEPT = 60;

export interface ServerFields {
  host: string;
  port: number;
  path: string;
  key: string;
}

/** Records every RTCPeerConnection the page makes, so tests can inspect what is left alive. */
export function recordPeerConnections(): void {
  const Original = window.RTCPeerConnection;
  const made: RTCPeerConnection[] = [];
  (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections = made;
  window.RTCPeerConnection = class extends Original {
    constructor(config?: RTCConfiguration) {
      super(config);
      made.push(this);
    }
  } as typeof RTCPeerConnection;
}

/**
 * After a test that failed: each member's page log, printed, and attached to
 * the test's result, so the run's last lines name what the pages said (see
 * tests/support/failure-logs-reporter.ts): a failure that comes now and then
 * is found from them.
 */
export async function keepPageLogsIfFailed(members: readonly Member[]): Promise<void> {
  const info = test.info();
  if (info.status === info.expectedStatus) return;
  for (const member of members) {
    const body = (member.log ?? []).join('\n');
    console.log(`--- ${member.name}'s page ---\n${body}`);
    await info.attach(`log: ${member.name}'s page`, { body, contentType: 'text/plain' });
  }
}

/** A context of its own in `where` (a browser), or `where` itself when it is a context: its pages are then tabs of one profile. */
export async function contextIn(where: Browser | BrowserContext): Promise<BrowserContext> {
  return 'newContext' in where ? where.newContext() : where;
}

/**
 * Opens the app as `name`, in a context of its own, or as a new tab of
 * `where` when it is a context (then its members share a profile, as tabs
 * of one browser do); `beforeLoad` may add init scripts to the page first.
 */
export async function openMember(
  where: Browser | BrowserContext,
  url: string,
  name: string,
  beforeLoad: (page: Page) => Promise<unknown> = async () => {},
): Promise<Member> {
  const context = await contextIn(where);
  const page = await context.newPage();
  await beforeLoad(page);
  const log: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (process.env.HUDDLE_TEST_CONSOLE) console.log(`${Date.now() % 100000} [${name}] ${text}`);
    if (!text.includes('[huddle]')) return;
    log.push(`${new Date().toISOString().slice(11, 23)} ${text}`);
    if (log.length > LOG_LINES_KEPT) log.splice(0, log.length - LOG_LINES_KEPT);
  });
  await page.addInitScript(recordPeerConnections);
  await page.goto(url);
  await page.getByTestId('name-input').fill(name);
  return { name, context, page, log };
}

export async function setPublishOnJoin(member: Member, publish: boolean): Promise<void> {
  await member.page.getByTestId('publish-on-join').setChecked(publish);
}

export async function waitForState(member: Member, state: string | RegExp): Promise<void> {
  await expect(member.page.getByTestId('session-state').first()).toHaveAttribute('data-state', state);
}

/** Hosts a room from the join view; returns its id. */
export async function hostRoom(member: Member, publish = true, passcode = ''): Promise<string> {
  await member.page.getByTestId('mode-host').click();
  await setPublishOnJoin(member, publish);
  await member.page.getByTestId('passcode-input').fill(passcode);
  await member.page.getByTestId('host-button').click();
  await waitForState(member, publish ? 'publishing' : 'joined');
  return (await member.page.getByTestId('room-id').textContent()) ?? '';
}

export async function joinRoom(
  member: Member,
  roomId: string,
  options: {
    publish?: boolean;
    server?: ServerFields;
    expectState?: string;
    passcode?: string;
    relayOnly?: boolean;
    relay?: { urls: string; username: string; credential: string };
  } = {},
): Promise<void> {
  const { page } = member;
  await page.getByTestId('mode-join').click();
  await page.getByTestId('room-input').fill(roomId);
  if (options.server) {
    await page.getByTestId('server-other').check();
    await page.getByTestId('server-host').fill(options.server.host);
    await page.getByTestId('server-port').fill(String(options.server.port));
    await page.getByTestId('server-path').fill(options.server.path);
    await page.getByTestId('server-key').fill(options.server.key);
  }
  await setPublishOnJoin(member, options.publish ?? false);
  await page.getByTestId('passcode-input').fill(options.passcode ?? '');
  if (options.relayOnly || options.relay) await page.locator('details.relay summary').click();
  if (options.relayOnly) await page.getByTestId('relay-only').check();
  if (options.relay) {
    await page.getByTestId('relay-urls').fill(options.relay.urls);
    await page.getByTestId('relay-username').fill(options.relay.username);
    await page.getByTestId('relay-credential').fill(options.relay.credential);
  }
  await page.getByTestId('join-button').click();
  if (options.expectState !== undefined) await waitForState(member, options.expectState);
  else await waitForState(member, options.publish ? 'publishing' : 'joined');
}

/** A member's camera tile, or the tile of the screen it shares. */
export type TileKind = 'camera' | 'screen';

export function tileOf(viewer: Member, name: string, kind: TileKind = 'camera') {
  const testId = kind === 'screen' ? 'screen-tile' : 'tile';
  return viewer.page.locator(`[data-testid="${testId}"][data-name="${name}"]`);
}

/**
 * Waits until `viewer` shows `name`'s video with frames decoding and time
 * advancing. On failure the message carries the element's state.
 */
export async function expectVideoPlaying(
  viewer: Member,
  name: string,
  kind: TileKind = 'camera',
  { timeout = 20_000 }: { timeout?: number } = {},
): Promise<void> {
  const video = tileOf(viewer, name, kind).locator('video');
  // No tile at all: say what the viewer's engine logged, which is where the cause shows.
  await expect(video, `${viewer.name}'s console:\n${(viewer.log ?? []).join('\n')}`).toHaveCount(1, {
    timeout: Math.max(timeout, 15_000),
  });
  await expect
    .poll(
      () =>
        video.evaluate(async (element: HTMLVideoElement) => {
          const quality = (): number => element.getVideoPlaybackQuality().totalVideoFrames;
          const [time, frames] = [element.currentTime, quality()];
          await new Promise((resolve) => setTimeout(resolve, 300));
          if (element.videoWidth > 0 && element.currentTime > time && quality() > frames) return 'playing';
          const stream = element.srcObject instanceof MediaStream ? element.srcObject : null;
          // The page's media connections too: whether the tracks are muted for want of a path or of a sender.
          const connections = await Promise.all(
            ((window as unknown as { __peerConnections?: RTCPeerConnection[] }).__peerConnections ?? [])
              .filter((pc) => pc.signalingState !== 'closed' && pc.getTransceivers().length > 0)
              .map(async (pc) => {
                let videoPacketsIn = 0;
                (await pc.getStats()).forEach(
                  (report: { type: string; kind?: string; packetsReceived?: number }) => {
                    if (report.type === 'inbound-rtp' && report.kind === 'video')
                      videoPacketsIn += report.packetsReceived ?? 0;
                  },
                );
                return {
                  ice: pc.iceConnectionState,
                  signaling: pc.signalingState,
                  transceivers: pc
                    .getTransceivers()
                    .map((t) => `${t.mid ?? '-'}:${t.currentDirection ?? 'none'}`),
                  videoPacketsIn,
                };
              }),
          );
          return JSON.stringify({
            paused: element.paused,
            readyState: element.readyState,
            videoWidth: element.videoWidth,
            currentTime: element.currentTime,
            frames: quality(),
            tracks: stream
              ?.getTracks()
              .map((track) => `${track.kind}:${track.readyState}:${track.muted ? 'muted' : 'unmuted'}`),
            connections,
          });
        }),
      { timeout },
    )
    .toBe('playing');
}

/** Ids of the tracks a tile is showing. */
export async function trackIdsOf(viewer: Member, name: string, kind: TileKind = 'camera'): Promise<string[]> {
  return tileOf(viewer, name, kind)
    .locator('video')
    .evaluate((element: HTMLVideoElement) =>
      element.srcObject instanceof MediaStream ? element.srcObject.getTracks().map((track) => track.id) : [],
    );
}

/** Of the given remote track ids, those still live on any of the page's peer connections. */
export async function liveRemoteTracks(viewer: Member, trackIds: string[]): Promise<string[]> {
  return viewer.page.evaluate((ids) => {
    const connections = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    const live: string[] = [];
    for (const pc of connections) {
      if (pc.signalingState === 'closed') continue;
      for (const receiver of pc.getReceivers()) {
        if (ids.includes(receiver.track.id) && receiver.track.readyState === 'live')
          live.push(receiver.track.id);
      }
    }
    return live;
  }, trackIds);
}

/** Peer connections of the page that are still open (data and media alike). */
export async function openPeerConnections(viewer: Member): Promise<number> {
  return viewer.page.evaluate(
    () =>
      (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections.filter(
        (pc) => pc.signalingState !== 'closed' && pc.connectionState !== 'closed',
      ).length,
  );
}

export function participantEntry(viewer: Member, name: string) {
  return viewer.page.locator(`[data-testid="participant"][data-name="${name}"]`);
}

export async function participantNames(viewer: Member): Promise<string[]> {
  return viewer.page
    .getByTestId('participant')
    .evaluateAll((items) => items.map((item) => item.getAttribute('data-name') ?? ''));
}

export async function closeAll(members: Member[]): Promise<void> {
  await Promise.all(members.map((member) => member.context.close().catch(() => {})));
}

/**
 * Choosing devices, for real: Chromium started with three fake cameras (it
 * always has three fake microphones and three fake speakers), members in
 * their own browser contexts, and the embedded PeerJS host between them.
 *
 * - switching camera and mic mid-call puts the new device's track on every
 *   link without renegotiating, and the others keep receiving;
 * - a device that cannot be opened leaves the old one running;
 * - an unplugged device falls back to another without dropping the call;
 * - the mic level meter follows the fake mic's beeps;
 * - a remembered device that is gone gives a warning and the default;
 * - remote sound goes to the chosen speaker, and choices survive a reload;
 *   without setSinkId the speaker select says why it is not there.
 */
import { expect, test, type Browser, type Locator } from '@playwright/test';
import { qualityPresets } from '../../renderer/engine/media/quality.js';
import { chromiumLaunchOptions } from './support/chromium.js';
import { useHuddleHost, useMembers } from './support/fixtures.js';
import {
  expectVideoPlaying,
  hostRoom,
  joinRoom,
  openMember,
  participantNames,
  tileOf,
  waitForState,
  type Member,
} from './support/members.js';

// A later switch overrides the plain one in chromiumArgs: three fake cameras.
// fake_device_1 gives 16-bit depth frames (Y16), which WebRTC does not send,
// so the tests switch between fake_device_0 and fake_device_2.
test.use({ launchOptions: chromiumLaunchOptions(['--use-fake-device-for-media-stream=device-count=3']) });

const host = useHuddleHost();
const members = useMembers('each');

type Kind = 'videoinput' | 'audioinput' | 'audiooutput';

/** The page's device id for the device with this label. */
async function deviceId(member: Member, kind: Kind, label: string): Promise<string> {
  const id = await member.page.evaluate(
    async ([kind, label]) =>
      (await navigator.mediaDevices.enumerateDevices()).find(
        (device) => device.kind === kind && device.label === label,
      )?.deviceId,
    [kind, label] as const,
  );
  if (!id) throw new Error(`${member.name} has no ${kind} '${label}'`);
  return id;
}

/** Keeps every AudioContext the member's page makes from its next load on (reloads it), to see which are open. */
async function watchAudioContexts(member: Member): Promise<void> {
  await member.page.addInitScript(() => {
    const Original = window.AudioContext;
    const made: AudioContext[] = [];
    (window as unknown as { __audioContexts: AudioContext[] }).__audioContexts = made;
    window.AudioContext = class extends Original {
      constructor(options?: AudioContextOptions) {
        super(options);
        made.push(this);
      }
    };
  });
  await member.page.reload();
}

/** The state of each AudioContext the page made since watchAudioContexts, oldest first. */
function audioContextStates(member: Member): Promise<string[]> {
  return member.page.evaluate(() =>
    (window as unknown as { __audioContexts: AudioContext[] }).__audioContexts.map(
      (context) => context.state,
    ),
  );
}

/**
 * The meter's level every 50 ms for 3 s. The fake mic beeps for about a
 * tenth of a second every half second, so readings must be this dense:
 * expect.poll's back-off reaches 1 s steps, a multiple of the beep's
 * period, and once one reading falls between beeps every later one does.
 */
async function meterReadings(meter: Locator): Promise<number[]> {
  return meter.evaluate(async (element) => {
    const seen: number[] = [];
    for (let i = 0; i < 60; i++) {
      seen.push(Number(element.getAttribute('data-level')));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return seen;
  });
}

interface SenderView {
  deviceId: string | null;
  enabled: boolean;
  live: boolean;
}

/** What each of a member's senders of one kind is sending, over all its connections. */
async function senders(member: Member, kind: 'video' | 'audio'): Promise<SenderView[]> {
  return member.page.evaluate(
    (kind) =>
      (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections
        .filter((pc) => pc.signalingState !== 'closed')
        .flatMap((pc) => pc.getTransceivers())
        .filter((transceiver) => transceiver.receiver.track.kind === kind)
        .filter((transceiver) => transceiver.direction === 'sendonly')
        .map(({ sender }) => ({
          deviceId: sender.track?.getSettings().deviceId ?? null,
          enabled: sender.track?.enabled ?? false,
          live: sender.track?.readyState === 'live',
        })),
    kind,
  );
}

/**
 * Counts local descriptions set (each offer or answer) on connections that
 * carry media. Installed before joining; a renegotiation would add to it.
 */
async function countNegotiations(member: Member): Promise<void> {
  await member.page.evaluate(() => {
    const proto = window.RTCPeerConnection.prototype;
    const original = proto.setLocalDescription;
    proto.setLocalDescription = function (
      this: RTCPeerConnection & { __negotiations?: number },
      ...args: Parameters<RTCPeerConnection['setLocalDescription']>
    ) {
      this.__negotiations = (this.__negotiations ?? 0) + 1;
      return original.apply(this, args);
    } as RTCPeerConnection['setLocalDescription'];
  });
}

/** Per media connection of the page: how many times it negotiated, and its transceivers. */
async function negotiations(member: Member): Promise<Array<{ negotiations: number; transceivers: number }>> {
  return member.page.evaluate(() =>
    (
      window as unknown as { __peerConnections: Array<RTCPeerConnection & { __negotiations?: number }> }
    ).__peerConnections
      .filter((pc) => pc.signalingState !== 'closed' && pc.getTransceivers().length > 0)
      .map((pc) => ({ negotiations: pc.__negotiations ?? 0, transceivers: pc.getTransceivers().length })),
  );
}

/** Samples of audio received from all of a member's connections; grows while sound arrives. */
async function audioSamplesReceived(member: Member): Promise<number> {
  return member.page.evaluate(async () => {
    let total = 0;
    for (const pc of (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections) {
      if (pc.signalingState === 'closed') continue;
      (await pc.getStats()).forEach(
        (report: { type: string; kind?: string; totalSamplesReceived?: number }) => {
          if (report.type === 'inbound-rtp' && report.kind === 'audio')
            total += report.totalSamplesReceived ?? 0;
        },
      );
    }
    return total;
  });
}

async function expectAudioFlowing(member: Member): Promise<void> {
  const before = await audioSamplesReceived(member);
  await expect.poll(() => audioSamplesReceived(member)).toBeGreaterThan(before);
}

/**
 * Fake devices cannot be unplugged, so the page is shown what the OS would
 * do: the browser stops listing the device, its track in use ends, and the
 * device list is announced as changed.
 */
async function simulateUnplug(member: Member, kind: 'video' | 'audio', goneId: string): Promise<void> {
  await member.page.evaluate(
    ([kind, goneId]) => {
      const devices = navigator.mediaDevices;
      const enumerate = devices.enumerateDevices.bind(devices);
      devices.enumerateDevices = async () =>
        (await enumerate()).filter((device) => device.deviceId !== goneId);
      const tile = document.querySelector<HTMLVideoElement>('[data-testid="tile"][data-local="true"] video');
      const track = (tile?.srcObject as MediaStream)
        .getTracks()
        .find((candidate) => candidate.kind === kind)!;
      track.stop();
      track.dispatchEvent(new Event('ended'));
      devices.dispatchEvent(new Event('devicechange'));
    },
    [kind, goneId] as const,
  );
}

/** The settings a browser member keeps in local storage. */
async function storedSettings(
  member: Member,
): Promise<{ cameraId?: string | null; microphoneId?: string | null }> {
  return member.page.evaluate(() => JSON.parse(localStorage.getItem('huddle.settings') ?? '{}'));
}

async function openDeviceMenu(member: Member): Promise<void> {
  const menu = member.page.getByTestId('device-menu');
  if ((await menu.getAttribute('open')) === null) await menu.locator('summary').click();
}

async function open(browser: Browser, name: string): Promise<Member> {
  const member = await openMember(browser, host().url, name);
  members.push(member);
  await countNegotiations(member);
  return member;
}

test('switching camera and mic mid-call: every link sends the new device, no renegotiation, the others keep receiving', async ({
  browser,
}) => {
  const ada = await open(browser, 'Ada');
  const bea = await open(browser, 'Bea');
  const cal = await open(browser, 'Cal');
  const roomId = await hostRoom(ada, true);
  await joinRoom(bea, roomId);
  await joinRoom(cal, roomId);
  for (const viewer of [bea, cal]) await expectVideoPlaying(viewer, 'Ada');
  for (const member of [ada, bea, cal]) await expect.poll(() => participantNames(member)).toHaveLength(3);
  const firstCamera = await deviceId(ada, 'videoinput', 'fake_device_0');
  const secondCamera = await deviceId(ada, 'videoinput', 'fake_device_2');
  await expect
    .poll(() => senders(ada, 'video'))
    .toEqual([
      { deviceId: firstCamera, enabled: true, live: true },
      { deviceId: firstCamera, enabled: true, live: true },
    ]);
  const before = await Promise.all([ada, bea, cal].map(negotiations));

  await openDeviceMenu(ada);
  await ada.page.getByTestId('camera-select').selectOption({ label: 'fake_device_2' });
  await expect
    .poll(() => senders(ada, 'video'))
    .toEqual([
      { deviceId: secondCamera, enabled: true, live: true },
      { deviceId: secondCamera, enabled: true, live: true },
    ]);
  for (const viewer of [bea, cal]) await expectVideoPlaying(viewer, 'Ada');
  // The old camera is released, and Ada's own tile shows the new one.
  await expect
    .poll(() =>
      tileOf(ada, 'Ada')
        .locator('video')
        .evaluate((video: HTMLVideoElement) =>
          (video.srcObject as MediaStream).getVideoTracks().map((track) => track.getSettings().deviceId),
        ),
    )
    .toEqual([secondCamera]);
  await expectVideoPlaying(ada, 'Ada');

  // The mic, while muted: the new one is muted too.
  await ada.page.getByTestId('mute-audio').click();
  const secondMic = await deviceId(ada, 'audioinput', 'Fake Audio Input 2');
  await ada.page.getByTestId('microphone-select').selectOption({ label: 'Fake Audio Input 2' });
  await expect
    .poll(() => senders(ada, 'audio'))
    .toEqual([
      { deviceId: secondMic, enabled: false, live: true },
      { deviceId: secondMic, enabled: false, live: true },
    ]);
  await ada.page.getByTestId('mute-audio').click();
  await expect
    .poll(() => senders(ada, 'audio'))
    .toEqual([
      { deviceId: secondMic, enabled: true, live: true },
      { deviceId: secondMic, enabled: true, live: true },
    ]);
  for (const viewer of [bea, cal]) await expectAudioFlowing(viewer);

  // Neither switch renegotiated any connection, on any side.
  expect(await Promise.all([ada, bea, cal].map(negotiations))).toEqual(before);
  // Both choices are remembered.
  await expect
    .poll(() => storedSettings(ada))
    .toMatchObject({ cameraId: secondCamera, microphoneId: secondMic });
});

test('a camera that cannot be opened leaves the one in use running, with a clear warning', async ({
  browser,
}) => {
  const ada = await open(browser, 'Ada');
  const bea = await open(browser, 'Bea');
  const roomId = await hostRoom(ada, true);
  await joinRoom(bea, roomId);
  await expectVideoPlaying(bea, 'Ada');
  const firstCamera = await deviceId(ada, 'videoinput', 'fake_device_0');
  // Another program holds the second camera: what the browser says then.
  await ada.page.evaluate(() => {
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      if (constraints?.video && typeof constraints.video === 'object' && constraints.video.deviceId)
        throw new DOMException('Could not start video source', 'NotReadableError');
      return original(constraints);
    };
  });
  await openDeviceMenu(ada);
  await ada.page.getByTestId('camera-select').selectOption({ label: 'fake_device_2' });
  await expect(ada.page.getByTestId('room-warning')).toHaveText(
    'Could not open that camera: it is in use by another program. Still using fake_device_0.',
  );
  expect(await senders(ada, 'video')).toEqual([{ deviceId: firstCamera, enabled: true, live: true }]);
  await expectVideoPlaying(bea, 'Ada');
  // The failed choice is not remembered, and the select shows the camera in use.
  await expect(ada.page.getByTestId('camera-select')).toHaveValue(firstCamera);
  expect((await storedSettings(ada)).cameraId ?? null).toBeNull();
});

test('unplugging the camera, then the mic: others take over, the call goes on, lists refresh, a later joiner gets them', async ({
  browser,
}) => {
  const ada = await open(browser, 'Ada');
  const bea = await open(browser, 'Bea');
  const chosenCamera = await deviceId(ada, 'videoinput', 'fake_device_2');
  const otherCamera = await deviceId(ada, 'videoinput', 'fake_device_0');
  await ada.page.getByTestId('camera-select').selectOption({ label: 'fake_device_2' });
  const chosenMic = await deviceId(ada, 'audioinput', 'Fake Audio Input 2');
  await ada.page.getByTestId('microphone-select').selectOption({ label: 'Fake Audio Input 2' });
  const roomId = await hostRoom(ada, true);
  await joinRoom(bea, roomId);
  await expectVideoPlaying(bea, 'Ada');
  await expect
    .poll(() => senders(ada, 'video'))
    .toEqual([{ deviceId: chosenCamera, enabled: true, live: true }]);
  const before = await negotiations(ada);
  await openDeviceMenu(ada);
  await expect(ada.page.getByTestId('camera-select').locator('option')).toHaveText([
    'System default',
    'fake_device_0',
    'fake_device_1',
    'fake_device_2',
  ]);

  await simulateUnplug(ada, 'video', chosenCamera);

  await expect(ada.page.getByTestId('room-warning')).toHaveText(
    'fake_device_2 was disconnected; now using fake_device_0.',
  );
  await expect
    .poll(() => senders(ada, 'video'))
    .toEqual([{ deviceId: otherCamera, enabled: true, live: true }]);
  await expectVideoPlaying(bea, 'Ada');
  await waitForState(ada, 'publishing');
  await expect(ada.page.getByTestId('camera-select').locator('option')).toHaveText([
    'System default',
    'fake_device_0',
    'fake_device_1',
  ]);
  await expect(ada.page.getByTestId('camera-select')).toHaveValue(otherCamera);

  // The microphone likewise; the system default takes over.
  await expect
    .poll(() => senders(ada, 'audio'))
    .toEqual([{ deviceId: chosenMic, enabled: true, live: true }]);
  await simulateUnplug(ada, 'audio', chosenMic);
  await expect(ada.page.getByTestId('room-warning')).toHaveText(
    'Fake Audio Input 2 was disconnected; now using Fake Default Audio Input.',
  );
  await expect
    .poll(() => senders(ada, 'audio'))
    .toEqual([{ deviceId: 'default', enabled: true, live: true }]);
  await expectAudioFlowing(bea);
  await expectVideoPlaying(bea, 'Ada');
  expect(await negotiations(ada)).toEqual(before);

  // Someone joining now gets the devices in use, not the unplugged ones.
  const cal = await open(browser, 'Cal');
  await joinRoom(cal, roomId);
  await expectVideoPlaying(cal, 'Ada');
  await expect
    .poll(() => senders(ada, 'video'))
    .toEqual([
      { deviceId: otherCamera, enabled: true, live: true },
      { deviceId: otherCamera, enabled: true, live: true },
    ]);
  await expect
    .poll(() => senders(ada, 'audio'))
    .toEqual([
      { deviceId: 'default', enabled: true, live: true },
      { deviceId: 'default', enabled: true, live: true },
    ]);
});

test('a remembered camera that is gone: the preview says so and uses the default, at the preset size', async ({
  browser,
}) => {
  const ada = await open(browser, 'Ada');
  await ada.page.evaluate(() =>
    localStorage.setItem(
      'huddle.settings',
      JSON.stringify({ version: 1, cameraId: 'a-camera-unplugged-since' }),
    ),
  );
  await ada.page.reload();
  await expect(ada.page.getByTestId('preview-warning')).toHaveText(
    'The chosen camera is not connected; using the default camera.',
  );
  const defaultCamera = await deviceId(ada, 'videoinput', 'fake_device_0');
  const previewCamera = (): Promise<{ deviceId?: string; width?: number; height?: number; live: boolean }> =>
    ada.page.getByTestId('preview-video').evaluate((video: HTMLVideoElement) => {
      const track = video.srcObject instanceof MediaStream ? video.srcObject.getVideoTracks()[0] : undefined;
      const { deviceId, width, height } = track?.getSettings() ?? {};
      return { deviceId, width, height, live: track?.readyState === 'live' };
    });
  const { width, height } = qualityPresets.balanced.capture;
  await expect.poll(previewCamera).toEqual({ deviceId: defaultCamera, width, height, live: true });

  // The preview's camera goes away too: the preview captures again rather than freezing.
  await ada.page.getByTestId('preview-video').evaluate((video: HTMLVideoElement) => {
    const track = (video.srcObject as MediaStream).getVideoTracks()[0]!;
    track.stop();
    track.dispatchEvent(new Event('ended'));
  });
  await expect.poll(previewCamera).toEqual({ deviceId: defaultCamera, width, height, live: true });
});

test('the level meter follows the fake microphone, and releases its audio when the mic changes', async ({
  browser,
}) => {
  const ada = await open(browser, 'Ada');
  await watchAudioContexts(ada);
  // A click is the user gesture browsers want before they run audio.
  await ada.page.getByTestId('name-input').click();
  // The fake mic beeps and pauses: read the meter for a while and see both.
  const readings = await meterReadings(ada.page.getByTestId('level-meter'));
  expect(Math.max(...readings)).toBeGreaterThan(0.2);
  expect(Math.min(...readings)).toBeLessThan(Math.max(...readings) / 2);

  expect(await audioContextStates(ada)).toEqual(['running']);
  await ada.page.getByTestId('microphone-select').selectOption({ label: 'Fake Audio Input 1' });
  await expect.poll(() => audioContextStates(ada)).toEqual(['closed', 'running']);
});

test('in the room, the microphone meter in the device menu measures only while the menu is open', async ({
  browser,
}) => {
  const ada = await open(browser, 'Ada');
  await watchAudioContexts(ada);
  await ada.page.getByTestId('name-input').fill(ada.name);
  await hostRoom(ada);
  // The join form's meter is closed; the room's is made but kept from running while the menu is shut.
  const roomMeter = async (): Promise<string | undefined> => (await audioContextStates(ada)).at(-1);
  await expect.poll(roomMeter).toBe('suspended');
  const meter = ada.page.getByTestId('device-menu').getByTestId('level-meter');
  expect(await meter.getAttribute('data-level')).toBe('0.00');

  await openDeviceMenu(ada);
  await expect.poll(roomMeter).toBe('running');
  // The fake mic beeps: some reading above silence while the menu is open.
  expect(Math.max(...(await meterReadings(meter)))).toBeGreaterThan(0.2);

  await ada.page.getByTestId('device-menu').locator('summary').click();
  await expect.poll(roomMeter).toBe('suspended');
  expect(await meter.getAttribute('data-level')).toBe('0.00');
});

test('remote sound goes to the chosen speaker; camera, mic and speaker choices survive a reload', async ({
  browser,
}) => {
  const ada = await open(browser, 'Ada');
  const bea = await open(browser, 'Bea');
  const secondCamera = await deviceId(bea, 'videoinput', 'fake_device_2');
  const secondMic = await deviceId(bea, 'audioinput', 'Fake Audio Input 2');
  const speaker = await deviceId(bea, 'audiooutput', 'Fake Audio Output 2');

  // Bea chooses on the join form; the preview follows at once.
  await bea.page.getByTestId('camera-select').selectOption({ label: 'fake_device_2' });
  await bea.page.getByTestId('microphone-select').selectOption({ label: 'Fake Audio Input 2' });
  await bea.page.getByTestId('speaker-select').selectOption({ label: 'Fake Audio Output 2' });
  const previewDevices = (): Promise<string[]> =>
    bea.page
      .getByTestId('preview-video')
      .evaluate((video: HTMLVideoElement) =>
        video.srcObject instanceof MediaStream
          ? video.srcObject.getTracks().map((track) => `${track.kind}:${track.getSettings().deviceId}`)
          : [],
      );
  await expect
    .poll(previewDevices)
    .toEqual(expect.arrayContaining([`video:${secondCamera}`, `audio:${secondMic}`]));

  await bea.page.reload();
  await bea.page.getByTestId('name-input').fill('Bea');
  await expect(bea.page.getByTestId('camera-select')).toHaveValue(secondCamera);
  await expect(bea.page.getByTestId('microphone-select')).toHaveValue(secondMic);
  await expect(bea.page.getByTestId('speaker-select')).toHaveValue(speaker);
  await expect
    .poll(previewDevices)
    .toEqual(expect.arrayContaining([`video:${secondCamera}`, `audio:${secondMic}`]));

  const roomId = await hostRoom(ada, true);
  // Joining without the preview: publishing later captures the chosen devices itself.
  await joinRoom(bea, roomId);
  await expectVideoPlaying(bea, 'Ada');
  const sinkOf = (): Promise<string> =>
    tileOf(bea, 'Ada')
      .locator('video')
      .evaluate((video: HTMLVideoElement) => video.sinkId);
  await expect.poll(sinkOf).toBe(speaker);
  await bea.page.getByTestId('publish-button').click();
  await waitForState(bea, 'publishing');
  await expect
    .poll(() => senders(bea, 'video'))
    .toEqual([{ deviceId: secondCamera, enabled: true, live: true }]);
  await expect
    .poll(() => senders(bea, 'audio'))
    .toEqual([{ deviceId: secondMic, enabled: true, live: true }]);
  await expectVideoPlaying(ada, 'Bea');

  // Choosing another speaker in the room applies it to the tiles already shown.
  const otherSpeaker = await deviceId(bea, 'audiooutput', 'Fake Audio Output 1');
  await openDeviceMenu(bea);
  await bea.page.getByTestId('speaker-select').selectOption({ label: 'Fake Audio Output 1' });
  await expect.poll(sinkOf).toBe(otherSpeaker);
});

test('without setSinkId the speaker select is replaced by a note saying why', async ({ browser }) => {
  const context = await browser.newContext();
  // What a browser that cannot route sound (Firefox before 116, Safari) looks like to the page.
  await context.addInitScript(() => {
    delete (HTMLMediaElement.prototype as Partial<HTMLMediaElement>).setSinkId;
  });
  const page = await context.newPage();
  members.push({ name: 'Ada', context, page });
  await page.goto(host().url);
  await expect(page.getByTestId('camera-select')).toBeVisible();
  await expect(page.getByTestId('speaker-select')).toHaveCount(0);
  await expect(page.getByTestId('speaker-unsupported')).toHaveAttribute(
    'title',
    "This browser cannot choose where sound plays (it has no setSinkId); sound goes to the system's default speaker.",
  );
});

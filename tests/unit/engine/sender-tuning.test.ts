import { describe, expect, it } from 'vitest';
import { HIDDEN } from '../../../renderer/engine/media/display-size.js';
import { qualityPresets, sendQualityFor } from '../../../renderer/engine/media/quality.js';
import { SenderTuning, type TunedSender } from '../../../renderer/engine/media/sender-tuning.js';

/** A sender that, like Chrome's, refuses parameters not read by the latest getParameters(). */
class FakeSender {
  parameters: RTCRtpSendParameters;
  refused = 0;
  private transaction = 0;
  constructor(readonly track: { kind: string; getSettings(): MediaTrackSettings }) {
    this.parameters = { encodings: [{}], transactionId: '0', codecs: [], headerExtensions: [], rtcp: {} };
  }
  getParameters(): RTCRtpSendParameters {
    this.transaction++;
    return structuredClone({ ...this.parameters, transactionId: String(this.transaction) });
  }
  async setParameters(parameters: RTCRtpSendParameters): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (parameters.transactionId !== String(this.transaction)) {
      this.refused++;
      throw new DOMException('stale', 'InvalidModificationError');
    }
    this.parameters = parameters;
  }
  async getStats(): Promise<Map<string, unknown>> {
    return new Map([['out', { type: 'outbound-rtp', framesEncoded: 10 }]]);
  }
}

const settle = async (): Promise<void> => {
  for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setTimeout(resolve, 2));
};

function connection(): { tuning: SenderTuning; camera: FakeSender; mic: FakeSender; screen: FakeSender } {
  const video = (width: number, height: number) => ({
    kind: 'video',
    getSettings: () => ({ width, height }),
  });
  const camera = new FakeSender(video(960, 540));
  const mic = new FakeSender({ kind: 'audio', getSettings: () => ({}) });
  const screen = new FakeSender(video(1920, 1080));
  const senders: TunedSender[] = [
    [camera, false],
    [mic, false],
    [screen, true],
  ].map(([sender, isScreen]) => ({
    transceiver: { sender, currentDirection: 'sendonly' } as unknown as RTCRtpTransceiver,
    screen: isScreen as boolean,
  }));
  const pc = { signalingState: 'stable' } as RTCPeerConnection;
  const tuning = new SenderTuning(
    pc,
    () => senders,
    () => {},
  );
  return { tuning, camera, mic, screen };
}

const encoding = (sender: FakeSender): RTCRtpEncodingParameters => sender.parameters.encodings[0]!;
const share = sendQualityFor(qualityPresets.balanced, 2);

describe("a link's senders, set from the budget and from what the receiver shows", () => {
  it('send full size to a receiver that never reports (a member of an earlier build)', async () => {
    const { tuning, camera, screen } = connection();
    tuning.setQuality(share);
    await settle();
    expect(encoding(camera)).toEqual({
      active: true,
      scaleResolutionDownBy: 1,
      maxFramerate: 30,
      maxBitrate: share.videoMaxBitrate,
    });
    expect(encoding(screen)).toMatchObject({ active: true, scaleResolutionDownBy: 1 });
    expect(screen.parameters.degradationPreference).toBe('maintain-resolution');
    tuning.close();
  });

  it('pause the camera alone when the receiver hides it, and resume it when it shows it again', async () => {
    const { tuning, camera, mic, screen } = connection();
    tuning.setQuality(share);
    tuning.setWanted('camera', HIDDEN);
    await settle();
    expect(encoding(camera).active).toBe(false);
    expect(encoding(screen).active).toBe(true);
    expect(encoding(mic)).toEqual({ maxBitrate: share.audioMaxBitrate });
    tuning.setWanted('camera', { width: 320, height: 180 });
    await settle();
    expect(encoding(camera)).toMatchObject({ active: true, scaleResolutionDownBy: 3, maxFramerate: 15 });
    tuning.close();
  });

  it('apply quick changes one after another, so none is refused and the last one holds', async () => {
    const { tuning, camera } = connection();
    tuning.setQuality(share);
    tuning.setWanted('camera', { width: 320, height: 180 });
    tuning.setWanted('screen', HIDDEN);
    tuning.setWanted('camera', { width: 160, height: 90 });
    await settle();
    expect(camera.refused).toBe(0);
    expect(encoding(camera)).toMatchObject({ active: true, scaleResolutionDownBy: 6 });
    tuning.close();
  });

  it('wait for a stable connection before setting anything', async () => {
    const { camera } = connection();
    const pc = { signalingState: 'have-local-offer' } as { signalingState: RTCSignalingState };
    const tuning = new SenderTuning(
      pc as RTCPeerConnection,
      () => [{ transceiver: { sender: camera, currentDirection: 'sendonly' } as never, screen: false }],
      () => {},
    );
    tuning.setQuality(share);
    tuning.setWanted('camera', HIDDEN);
    await settle();
    expect(encoding(camera)).toEqual({});
    pc.signalingState = 'stable';
    tuning.stable();
    await settle();
    expect(encoding(camera).active).toBe(false);
    tuning.close();
  });
});

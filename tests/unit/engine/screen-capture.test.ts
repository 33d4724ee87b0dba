import { describe, expect, it, vi } from 'vitest';
import { HuddleError } from '../../../renderer/engine/errors.js';
import { canCaptureScreen, captureScreen } from '../../../renderer/engine/media/screen-capture.js';

interface FakeTrack {
  kind: string;
  stop: () => void;
}

function fakeStream(kinds: string[]): { stream: MediaStream; tracks: FakeTrack[] } {
  const tracks = kinds.map((kind) => ({ kind, stop: vi.fn() }));
  const stream = {
    getTracks: () => tracks,
    getVideoTracks: () => tracks.filter((track) => track.kind === 'video'),
  } as unknown as MediaStream;
  return { stream, tracks };
}

function devices(getDisplayMedia?: () => Promise<MediaStream>): MediaDevices {
  return (getDisplayMedia ? { getDisplayMedia } : {}) as unknown as MediaDevices;
}

async function failureOf(promise: Promise<unknown>): Promise<HuddleError> {
  const error = await promise.then(
    () => null,
    (cause: unknown) => cause,
  );
  expect(error).toBeInstanceOf(HuddleError);
  return error as HuddleError;
}

describe('capturing a screen', () => {
  it('hands back what the picker gave', async () => {
    const { stream } = fakeStream(['video']);
    const getDisplayMedia = vi.fn(() => Promise.resolve(stream));
    await expect(captureScreen(undefined, devices(getDisplayMedia))).resolves.toBe(stream);
    expect(getDisplayMedia).toHaveBeenCalledWith(expect.objectContaining({ audio: false }));
  });

  it('says so where getDisplayMedia does not exist', async () => {
    expect(canCaptureScreen(devices())).toBe(false);
    expect(canCaptureScreen(undefined)).toBe(false);
    const error = await failureOf(captureScreen(undefined, devices()));
    expect(error.code).toBe('screen-share-unsupported');
    expect(error.message).toMatch(/cannot share a screen/);
  });

  it('tells a cancelled or refused picker apart from a failed capture', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['NotAllowedError', 'screen-share-cancelled', /cancelled or not allowed/],
      ['InvalidAccessError', 'screen-share-failed', /from a click/],
      ['NotFoundError', 'screen-share-failed', /no screen or window/],
      ['NotReadableError', 'screen-share-failed', /could not be captured/],
      ['AbortError', 'screen-share-cancelled', /cancelled or could not start/],
      ['TypeError', 'screen-share-failed', /could not be captured/],
    ];
    for (const [name, code, message] of cases) {
      const error = await failureOf(
        captureScreen(
          undefined,
          devices(() => Promise.reject(new DOMException('no', name))),
        ),
      );
      expect([error.code, error.message]).toEqual([code, expect.stringMatching(message)]);
    }
  });

  it('refuses a capture without video, releasing what came', async () => {
    const { stream, tracks } = fakeStream(['audio']);
    const error = await failureOf(
      captureScreen(
        undefined,
        devices(() => Promise.resolve(stream)),
      ),
    );
    expect(error.code).toBe('screen-share-failed');
    expect(tracks[0]?.stop).toHaveBeenCalled();
  });
});

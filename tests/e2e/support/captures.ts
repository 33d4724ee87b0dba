/** What a page captured from its camera and microphone, for tests that check what is left open. */
import type { Member } from './members.js';

/**
 * Init script: records the tracks of every camera-and-mic capture, each
 * returned `delayMs` late, and counts the captures asked for.
 */
export function recordCaptures(delayMs: number): void {
  const page = window as unknown as { __captures: MediaStreamTrack[][]; __capturesAsked: number };
  page.__captures = [];
  page.__capturesAsked = 0;
  const devices = navigator.mediaDevices;
  const capture = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    page.__capturesAsked++;
    const stream = await capture(constraints);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    page.__captures.push(stream.getTracks());
    return stream;
  };
}

/** Each capture's tracks' states, in the order they were captured. */
export function captures(member: Member): Promise<string[][]> {
  return member.page.evaluate(() =>
    (window as unknown as { __captures: MediaStreamTrack[][] }).__captures.map((tracks) =>
      tracks.map((track) => track.readyState),
    ),
  );
}

import type { Page } from '@playwright/test';

/**
 * In-page probes for "time to first remote frame". Both are plain functions
 * run inside Chromium with page.evaluate / addInitScript, so the app and the
 * floor are timed by the same clock in the same browser.
 */

/** Init script: records performance.now() of the first frame decoded in any remote tile. */
export function watchFirstRemoteFrame(): void {
  const state = window as unknown as { __firstRemoteFrameAt?: number };
  const watched = new WeakSet<HTMLVideoElement>();
  const watch = (): void => {
    document
      .querySelectorAll<HTMLVideoElement>('[data-testid="tile"][data-local="false"] video')
      .forEach((video) => {
        if (watched.has(video)) return;
        watched.add(video);
        video.requestVideoFrameCallback(() => {
          state.__firstRemoteFrameAt ??= performance.now();
        });
      });
  };
  new MutationObserver(watch).observe(document, { childList: true, subtree: true });
}

/**
 * The floor: a bare pair of RTCPeerConnections in one page, camera in (at the
 * size Huddle captures), first decoded frame out. Returns milliseconds from start to that frame.
 */
export async function bareFloorFirstFrameMs(capture: { width: number; height: number }): Promise<number> {
  const start = performance.now();
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { width: capture.width, height: capture.height },
    audio: true,
  });
  const sender = new RTCPeerConnection();
  const receiver = new RTCPeerConnection();
  sender.onicecandidate = ({ candidate }) => candidate && void receiver.addIceCandidate(candidate);
  receiver.onicecandidate = ({ candidate }) => candidate && void sender.addIceCandidate(candidate);
  stream.getTracks().forEach((track) => sender.addTrack(track, stream));
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  (document.body ?? document.documentElement).append(video);
  const firstFrame = new Promise<number>((resolve) => {
    receiver.ontrack = ({ streams }) => {
      if (video.srcObject) return;
      video.srcObject = streams[0] ?? null;
      video.requestVideoFrameCallback(() => resolve(performance.now()));
    };
  });
  await sender.setLocalDescription();
  await receiver.setRemoteDescription(sender.localDescription!);
  await receiver.setLocalDescription();
  await sender.setRemoteDescription(receiver.localDescription!);
  const at = await firstFrame;
  stream.getTracks().forEach((track) => track.stop());
  sender.close();
  receiver.close();
  video.remove();
  return at - start;
}

/** Clicks the join button from inside the page; returns the page's performance.now() at the click. */
export function clickJoin(page: Page): Promise<number> {
  return page.evaluate(() => {
    const at = performance.now();
    document.querySelector<HTMLButtonElement>('[data-testid="join-button"]')!.click();
    return at;
  });
}

/** Waits for the mark `watchFirstRemoteFrame` leaves; returns it (the page's performance.now()). */
export async function firstRemoteFrameAt(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => (window as unknown as { __firstRemoteFrameAt?: number }).__firstRemoteFrameAt,
    null,
    { timeout: 30_000, polling: 50 },
  );
  return (await handle.jsonValue()) as number;
}

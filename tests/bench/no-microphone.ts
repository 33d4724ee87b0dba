/**
 * A page script for the load benchmark's HUDDLE_BENCH_MICROPHONES=0: the
 * browser has no microphone. The device list shows none, and asking for
 * one fails as it does on a machine without any (NotFoundError), so the
 * page takes its own path for a missing device and opens the camera alone.
 * Self-contained: it runs in the page (page.addInitScript) before any of
 * the page's own scripts.
 */
export function withoutMicrophone(): void {
  const devices = navigator.mediaDevices;
  const open = devices.getUserMedia.bind(devices);
  const list = devices.enumerateDevices.bind(devices);
  devices.getUserMedia = (constraints?: MediaStreamConstraints) =>
    constraints?.audio
      ? Promise.reject(new DOMException('Requested device not found', 'NotFoundError'))
      : open(constraints);
  devices.enumerateDevices = async () => (await list()).filter((device) => device.kind !== 'audioinput');
}

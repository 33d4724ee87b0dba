/**
 * The floor of the transfer benchmark: a bare RTCDataChannel pair in one
 * page, carrying `size` bytes in chunks of `chunkBytes`, handing more to the
 * channel while its buffer holds at most `high` bytes and again when it
 * drains to `low`, as Huddle paces a file. Runs in the page (pass it to
 * page.evaluate).
 */
/** Runs in the page: a bare data channel pair, paced as Huddle paces; resolves with the milliseconds taken. */
export async function bareTransfer({ size, chunkBytes, high, low }: Pacing): Promise<number> {
  const [a, b] = [new RTCPeerConnection(), new RTCPeerConnection()];
  a.onicecandidate = (event) => event.candidate && void b.addIceCandidate(event.candidate);
  b.onicecandidate = (event) => event.candidate && void a.addIceCandidate(event.candidate);
  const channel = a.createDataChannel('floor', { ordered: true });
  channel.binaryType = 'arraybuffer';
  const received = new Promise<number>((resolve) => {
    b.ondatachannel = ({ channel: incoming }) => {
      incoming.binaryType = 'arraybuffer';
      let bytes = 0;
      incoming.onmessage = (event: MessageEvent<ArrayBuffer>) => {
        bytes += event.data.byteLength;
        if (bytes >= size) resolve(performance.now());
      };
    };
  });
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription!);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription!);
  await new Promise((resolve) => (channel.onopen = resolve));
  const chunk = new Uint8Array(chunkBytes);
  // getRandomValues fills at most 64 KiB a call.
  for (let at = 0; at < chunk.length; at += 65_536) crypto.getRandomValues(chunk.subarray(at, at + 65_536));
  channel.bufferedAmountLowThreshold = low;
  const started = performance.now();
  let sent = 0;
  await new Promise<void>((done) => {
    const pump = (): void => {
      while (sent < size && channel.bufferedAmount + chunk.length <= high) {
        const length = Math.min(chunk.length, size - sent);
        channel.send(length === chunk.length ? chunk : chunk.subarray(0, length));
        sent += length;
      }
      if (sent >= size) done();
    };
    channel.onbufferedamountlow = pump;
    pump();
  });
  const ended = await received;
  a.close();
  b.close();
  return ended - started;
}

export interface Pacing {
  size: number;
  chunkBytes: number;
  high: number;
  low: number;
}

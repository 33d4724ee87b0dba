/**
 * The floor for a room of N: N fake cameras in one page, every two of them
 * joined by a bare RTCPeerConnection pair sending both ways with the
 * browser's defaults but for holding the capture size, every received video
 * shown. With N = 2 it is the bare
 * pair. Runs inside Chromium (page.evaluate), so it is self-contained; the
 * connections go into `__peerConnections` for link-stats.ts to read, and
 * `__stopBareMesh` tears everything down.
 */
export async function startBareMesh(options: {
  members: number;
  width: number;
  height: number;
  /** Each member sends a microphone too (the default): false for the benchmark's run without. */
  audio?: boolean;
}): Promise<void> {
  const page = window as unknown as { __peerConnections?: RTCPeerConnection[]; __stopBareMesh?: () => void };
  const connections = (page.__peerConnections ??= []);
  const streams: MediaStream[] = [];
  for (let index = 0; index < options.members; index++) {
    streams.push(
      await navigator.mediaDevices.getUserMedia({
        video: {
          width: { ideal: options.width },
          height: { ideal: options.height },
          frameRate: { ideal: 30 },
        },
        audio: options.audio ?? true,
      }),
    );
  }
  const videos: HTMLVideoElement[] = [];
  const show = (stream: MediaStream): void => {
    if (videos.some((video) => video.srcObject === stream)) return;
    const video = document.createElement('video');
    video.muted = true;
    video.width = 320;
    video.height = 180;
    video.srcObject = stream;
    document.body.append(video);
    void video.play();
    videos.push(video);
  };
  const pairs: Array<Promise<void>> = [];
  for (let a = 0; a < streams.length; a++) {
    for (let b = a + 1; b < streams.length; b++) {
      const [one, other] = [new RTCPeerConnection(), new RTCPeerConnection()];
      connections.push(one, other);
      one.onicecandidate = ({ candidate }) => candidate && void other.addIceCandidate(candidate);
      other.onicecandidate = ({ candidate }) => candidate && void one.addIceCandidate(candidate);
      for (const pc of [one, other]) pc.ontrack = ({ streams: [stream] }) => stream && show(stream);
      const [streamA, streamB] = [streams[a]!, streams[b]!];
      pairs.push(
        (async () => {
          streamA.getTracks().forEach((track) => one.addTrack(track, streamA));
          await one.setLocalDescription();
          await other.setRemoteDescription(one.localDescription!);
          // Added after the offer, these take the offered transceivers: one connection, both directions.
          streamB.getTracks().forEach((track) => other.addTrack(track, streamB));
          await other.setLocalDescription();
          await one.setRemoteDescription(other.localDescription!);
        })(),
      );
    }
  }
  await Promise.all(pairs);
  // Like Huddle's senders, hold the capture size: left to its defaults the
  // browser starts below the capture size on its first bandwidth guess and
  // stays there for a long while, and the floor would encode a smaller picture.
  for (const pc of connections) {
    for (const sender of pc.getSenders()) {
      if (sender.track?.kind !== 'video') continue;
      const parameters = sender.getParameters();
      parameters.degradationPreference = 'maintain-resolution';
      await sender.setParameters(parameters);
    }
  }
  page.__stopBareMesh = () => {
    streams.forEach((stream) => stream.getTracks().forEach((track) => track.stop()));
    connections.forEach((pc) => pc.close());
    videos.forEach((video) => video.remove());
  };
}

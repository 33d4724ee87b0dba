/**
 * Can this page reach the relay over UDP right now? A throwaway connection
 * with only the relay's UDP addresses gathers candidates: a relay candidate
 * means the relay granted an allocation over UDP. It is never connected to
 * anyone, so gathering runs to the end (a live connection stops gathering at
 * its first working path, which is what relay-upgrade.ts works around).
 */
import { udpRelayServers, urlsOf } from './ice-config.js';

/** Long enough for an allocation's two round trips (challenge, then grant) and a lost packet or two. */
export const udpRelayProbeTimeoutMs = 4000;
/** A page asks once for all its connections: an answer is good for this long. */
const answerFreshForMs = 5000;

let last: { key: string; at: number; answer: Promise<boolean> } | null = null;

/**
 * True when a relay among `servers` grants an allocation over UDP within the
 * timeout; false when none does, or `servers` has no relay reachable over UDP.
 * Connections asking within a few seconds of each other share one probe.
 */
export function probeUdpRelay(servers: readonly RTCIceServer[], now = performance.now()): Promise<boolean> {
  const udp = udpRelayServers(servers).filter((server) => urlsOf(server).some((url) => /^turn:/iu.test(url)));
  if (udp.length === 0) return Promise.resolve(false);
  const key = JSON.stringify(udp);
  if (last && last.key === key && now - last.at < answerFreshForMs) return last.answer;
  last = { key, at: now, answer: gatherRelayCandidate(udp) };
  return last.answer;
}

function gatherRelayCandidate(servers: RTCIceServer[]): Promise<boolean> {
  return new Promise((resolve) => {
    let pc: RTCPeerConnection;
    try {
      pc = new RTCPeerConnection({ iceServers: servers, iceTransportPolicy: 'relay' });
    } catch {
      resolve(false);
      return;
    }
    const finish = (answer: boolean): void => {
      clearTimeout(timer);
      pc.onicecandidate = null;
      pc.close();
      resolve(answer);
    };
    const timer = setTimeout(() => finish(false), udpRelayProbeTimeoutMs);
    // Only relay candidates pass the policy, and only UDP ways to the relay were given.
    pc.onicecandidate = (event) => finish(Boolean(event.candidate?.candidate));
    // A data channel gives the offer something to gather candidates for.
    pc.createDataChannel('udp-relay-probe');
    pc.setLocalDescription().catch(() => finish(false));
  });
}

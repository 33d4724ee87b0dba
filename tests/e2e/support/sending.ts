/**
 * What a member's camera encoder sends on its media connection to one other
 * member: read from the sender's own RTCRtpSender parameters and getStats.
 * The connection is found by ICE username fragment (the receiver's local
 * fragments are the sender's remote ones), so no ordering is assumed.
 * Needs `recordPeerConnections()` in the pages (see members.ts).
 */
import type { Member } from './members.js';

export interface Sending {
  active: boolean;
  scale: number;
  frameWidth: number;
  frameHeight: number;
  framesEncoded: number;
}

/** The ICE username fragments of a member's open connections: which of another's connections are to it. */
async function iceFragments(member: Member): Promise<string[]> {
  return member.page.evaluate(() =>
    (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections
      .filter((pc) => pc.signalingState !== 'closed')
      .flatMap((pc) => /a=ice-ufrag:(\S+)/u.exec(pc.currentLocalDescription?.sdp ?? '')?.[1] ?? []),
  );
}

/** What `sender`'s camera encoder sends on its media connection to `receiver`, from its parameters and getStats. */
export async function sendingTo(sender: Member, receiver: Member): Promise<Sending | null> {
  const fragments = await iceFragments(receiver);
  return sender.page.evaluate(async (theirs) => {
    const connections = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    // The media connection to the receiver (its data connections share the fragment test, not the camera).
    const pc = connections.find(
      (candidate) =>
        candidate.signalingState !== 'closed' &&
        candidate.getSenders().some((one) => one.track?.kind === 'video') &&
        theirs.includes(/a=ice-ufrag:(\S+)/u.exec(candidate.currentRemoteDescription?.sdp ?? '')?.[1] ?? ''),
    );
    const camera = pc?.getSenders().find((candidate) => candidate.track?.kind === 'video');
    if (!camera) return null;
    const encoding = camera.getParameters().encodings?.[0];
    let outbound: Record<string, unknown> | undefined;
    (await camera.getStats()).forEach((stat: Record<string, unknown>) => {
      if (stat.type === 'outbound-rtp') outbound = stat;
    });
    return {
      active: encoding?.active ?? true,
      scale: encoding?.scaleResolutionDownBy ?? 1,
      frameWidth: Number(outbound?.frameWidth ?? 0),
      frameHeight: Number(outbound?.frameHeight ?? 0),
      framesEncoded: Number(outbound?.framesEncoded ?? 0),
    };
  }, fragments);
}

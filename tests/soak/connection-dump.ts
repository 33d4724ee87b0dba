/**
 * Every media connection a page has open, as a failure report shows it: ICE,
 * connection and signaling state, each transceiver's mid:currentDirection,
 * and the packets in and out per kind. Run in the page over the connections
 * the test support records (`__peerConnections`).
 */
import type { Page } from '@playwright/test';

export interface ConnectionDump {
  /** Index of the connection among all the page made, in order of creation. */
  index: number;
  ice: string;
  connection: string;
  signaling: string;
  /** mid:currentDirection (direction) kind:track state */
  transceivers: string[];
  packetsIn: { audio: number; video: number };
  packetsOut: { audio: number; video: number };
}

export async function dumpConnectionsInPage(): Promise<ConnectionDump[]> {
  const all = (window as unknown as { __peerConnections?: RTCPeerConnection[] }).__peerConnections ?? [];
  const dumps = await Promise.all(
    all.map(async (pc, index): Promise<ConnectionDump | null> => {
      if (pc.signalingState === 'closed' || pc.getTransceivers().length === 0) return null;
      const packetsIn = { audio: 0, video: 0 };
      const packetsOut = { audio: 0, video: 0 };
      (await pc.getStats()).forEach(
        (report: { type: string; kind?: string; packetsReceived?: number; packetsSent?: number }) => {
          if (report.kind !== 'audio' && report.kind !== 'video') return;
          if (report.type === 'inbound-rtp') packetsIn[report.kind] += report.packetsReceived ?? 0;
          if (report.type === 'outbound-rtp') packetsOut[report.kind] += report.packetsSent ?? 0;
        },
      );
      return {
        index,
        ice: pc.iceConnectionState,
        connection: pc.connectionState,
        signaling: pc.signalingState,
        transceivers: pc.getTransceivers().map((t) => {
          const track = t.receiver.track;
          const state = `${track.kind}:${track.readyState}${track.muted ? ':muted' : ''}`;
          return `${t.mid ?? '-'}:${t.currentDirection ?? 'none'} (${t.direction}) ${state}`;
        }),
        packetsIn,
        packetsOut,
      };
    }),
  );
  return dumps.filter((dump): dump is ConnectionDump => dump !== null);
}

/** The page's media connections, or why they could not be read (a crashed or closed page). */
export async function dumpConnections(page: Page): Promise<ConnectionDump[] | string> {
  try {
    return await page.evaluate(dumpConnectionsInPage);
  } catch (error) {
    return `unreadable: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
}

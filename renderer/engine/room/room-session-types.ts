/**
 * What a RoomSession is given, and what it tells: its options and events,
 * apart from the facade so room-session.ts stays one screenful of wiring.
 */
import type { FileSinks } from '../files/file-store.js';
import type { DeviceChoice } from '../media/devices.js';
import type { QualityPresetName } from '../media/quality.js';
import type { RoomPolicy } from '../protocol/messages.js';
import type { Rendezvous } from '../rendezvous/rendezvous-port.js';
import type { RendezvousServer } from '../../contract/rendezvous-server.js';
import type { RetryPolicy } from '../retry-policy.js';
import type { WorkflowState } from '../session-state.js';
import type { LobbyEntry } from './lobby.js';
import type { ActiveDevices } from './outgoing-media.js';
import type { Participant } from './participants.js';
import type { ChatLine } from './room-chat.js';

export interface RoomSessionOptions {
  roomId: string;
  displayName: string;
  server: RendezvousServer;
  /** STUN/TURN servers; by default those the rendezvous server's host hands out. */
  iceServers?: RTCIceServer[];
  /** Connect through the relay only (hides this member's IP addresses from peers). */
  relayOnly?: boolean;
  /** The room's passcode: set by whoever creates the room, proven by everyone joining it. */
  passcode?: string;
  maxMembers?: number;
  /** The rendezvous service; PeerJS on `server` unless a test gives another. */
  rendezvous?: Rendezvous;
  /** How interrupted member links are retried. */
  recoveryPolicy?: RetryPolicy;
  /** Latency versus quality; 'balanced' unless said otherwise. */
  quality?: QualityPresetName;
  /** The camera and microphone to publish from; the system defaults unless said otherwise. */
  devices?: DeviceChoice;
  /**
   * Where received files go; in memory, up to 1 GiB, unless said otherwise.
   * May still be opening: offers that come first wait for it.
   */
  fileSinks?: FileSinks | Promise<FileSinks>;
}

/** How the room admits people, and whether this member may change it. */
export interface RoomAccess extends RoomPolicy {
  isHost: boolean;
  hasPasscode: boolean;
}

export interface RoomSessionEvents {
  /** The workflow state changed (idle, connecting, joined, publishing, reconnecting, left). */
  state: WorkflowState;
  /** Someone joined, left, or changed what they send; carries everyone, local member first. */
  participants: Participant[];
  /** Something went wrong that did not end the session. */
  warning: string;
  /** The room's admission policy changed (lock, lobby, removals, who is host). */
  access: RoomAccess;
  /** As host: the people waiting in the lobby. */
  lobby: LobbyEntry[];
  /** The session ended without the user leaving (removed by the host). */
  ended: string;
  /** Joining: the keeper put us in its lobby. */
  waiting: undefined;
  /** The camera or microphone being sent changed (published, switched, hot-plugged, stopped). */
  devices: ActiveDevices;
  /** The chat changed: every line, oldest first. */
  chat: readonly ChatLine[];
  /** Chat lines from others we had not seen: one message, or the new part of a history. */
  'chat-arrived': readonly ChatLine[];
}

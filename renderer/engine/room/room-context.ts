/**
 * What the parts of one room session share: who we are, the roster, the
 * room's admission policy, how to reach the rendezvous server, and the
 * session's voice (log, warnings, "the participants changed"). Each part
 * (entering, links, hosting, messages) gets this one object rather than a
 * back-reference to the session.
 */
import type { PeerGroup } from '../rendezvous/peer-group.js';
import type { IceSettings } from '../media/ice-config.js';
import type { RoomPolicy } from '../protocol/messages.js';
import type { Rendezvous } from '../rendezvous/rendezvous-port.js';
import type { Roster } from './roster.js';

export interface RoomContext {
  readonly roomId: string;
  readonly displayName: string;
  readonly ice: IceSettings;
  readonly rendezvous: Rendezvous;
  /** Our registrations on it (member, keeper, deputy ids): one losing the server makes all reconnect. */
  readonly rendezvousPeers: PeerGroup;
  /** Random per session, told in every hello: lets a member tell a blip from a restart. */
  readonly sessionId: string;
  readonly roster: Roster;
  /** How the room admits people: set by the keeper, told to every member. */
  policy: RoomPolicy;
  /** The room's passcode, once we created the room or proved it. */
  passcode: string | null;
  /** Whether the session is (still) in the room: joined or reconnecting. */
  inRoom(): boolean;
  log(message: string, detail?: unknown): void;
  /** Something the user should know that did not end the session. */
  warn(message: string): void;
  /** The participants changed: tell the UI. */
  changed(): void;
}

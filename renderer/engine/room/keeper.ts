/**
 * The room's keeper: a member that also holds the room's well-known peer id
 * and answers join requests on it. It keeps no state of its own; the session
 * that owns it decides each admission from its view of the room.
 */
import type { DataConnection, Peer } from 'peerjs';
import { isMemberPeerIdOf } from '../names.js';
import {
  PROTOCOL_VERSION,
  type JoinRequest,
  type KeeperReply,
  type MemberInfo,
} from '../protocol/messages.js';
import { encode, parseKeeperRequest } from '../protocol/validate.js';
import type { Admission } from './admission.js';

export interface KeeperHooks {
  roomId: string;
  /** Decides on a request and, when admitting, records the member and tells the room. */
  admit(request: JoinRequest, joinerPeerId: string): Admission;
  /** Everyone admitted before `joinerPeerId`, keeper included. */
  rosterFor(joinerPeerId: string): MemberInfo[];
  log(message: string, detail?: unknown): void;
}

/** A joiner that has not asked within this time is disconnected. */
const REQUEST_TIMEOUT_MS = 10_000;

export class RoomKeeper {
  private readonly connections = new Set<DataConnection>();

  constructor(
    readonly peer: Peer,
    private readonly hooks: KeeperHooks,
  ) {
    peer.on('connection', (connection) => this.onConnection(connection));
  }

  close(): void {
    for (const connection of this.connections) connection.close();
    this.connections.clear();
    this.peer.destroy();
  }

  private onConnection(connection: DataConnection): void {
    if (!isMemberPeerIdOf(this.hooks.roomId, connection.peer)) {
      this.hooks.log(`refused a keeper connection from ${connection.peer}: not a member id of this room`);
      connection.close();
      return;
    }
    this.connections.add(connection);
    const timer = setTimeout(() => connection.close(), REQUEST_TIMEOUT_MS);
    let answered = false;
    connection.on('data', (data: unknown) => {
      if (answered) return;
      const parsed = parseKeeperRequest(data);
      if (!parsed.ok) {
        this.hooks.log(`dropped a keeper request from ${connection.peer}: ${parsed.reason}`);
        return;
      }
      answered = true;
      clearTimeout(timer);
      connection.send(encode(this.answer(parsed.message, connection.peer)));
    });
    connection.on('close', () => {
      clearTimeout(timer);
      this.connections.delete(connection);
    });
    connection.on('error', (error: Error) => this.hooks.log(`keeper connection error: ${error.message}`));
  }

  private answer(request: JoinRequest, joinerPeerId: string): KeeperReply {
    const decision = this.hooks.admit(request, joinerPeerId);
    if ('rejected' in decision) {
      this.hooks.log(`rejected ${joinerPeerId}: ${decision.rejected.reason}`);
      return decision.rejected;
    }
    return {
      v: PROTOCOL_VERSION,
      type: 'join-accepted',
      you: decision.admitted,
      roster: this.hooks.rosterFor(joinerPeerId),
    };
  }
}

/**
 * What this member does with each room message from another member (media
 * signals and pings never get here: the link handles them). Messages only
 * the keeper may send are ignored from anyone else.
 */
import { memberPeerId } from '../names.js';
import type { RoomFiles } from '../files/room-files.js';
import type { MemberLink, RoomMessage } from './member-link.js';
import type { MemberLinks } from './member-links.js';
import type { DisplayReports } from './display-reports.js';
import type { RoomContext } from './room-context.js';
import type { RoomChat } from './room-chat.js';
import type { RoomHosting } from './room-hosting.js';

export interface RoomMessageHandlers {
  ctx: RoomContext;
  links: MemberLinks;
  hosting: RoomHosting;
  chat: RoomChat;
  files: RoomFiles;
  displays: DisplayReports;
  /** The keeper removed us. */
  removed(): void;
}

export function handleRoomMessage(room: RoomMessageHandlers, link: MemberLink, message: RoomMessage): void {
  const { ctx, links, hosting } = room;
  const { roster } = ctx;
  const peerId = link.peerId;
  const fromKeeper = roster.isKeeper(peerId);
  switch (message.type) {
    case 'hello': {
      const { member } = message;
      if (member.peerId !== peerId || memberPeerId(ctx.roomId, member.name) !== peerId) {
        ctx.log(`closing link to ${peerId}: its hello names someone else`);
        link.close('hello did not match the connection');
        return;
      }
      const hello = link.helloReceived(message);
      if (hello === 'restarted') {
        // It restarted (crashed and came back): nothing of the old media is valid.
        ctx.log(`${peerId} came back as a new session; starting its media afresh`);
      }
      const known = roster.others.get(peerId);
      roster.others.admit(known ? { ...member, order: known.order } : member);
      roster.others.update(peerId, {
        status: 'connected',
        media: message.media,
        relayed: message.relayed,
        problem: null,
      });
      // After its hello, so we know whether its build has chat: the whole
      // history for a member new to us, what it may have missed after a blip.
      room.chat.helloFrom(link, hello === 'same' ? link.interruptedAt : null);
      // Transfers to it go on from their last acknowledged byte (or fail, if it restarted).
      room.files.helloFrom(peerId, hello);
      // What we show of its camera and screen: it may know nothing of it (new, restarted, or back).
      room.displays.helloFrom(peerId);
      break;
    }
    case 'chat':
    case 'chat-history':
      room.chat.received(peerId, message);
      return;
    case 'file-offer':
    case 'file-accept':
    case 'file-end':
      room.files.received(peerId, message);
      return;
    case 'display-size':
      // What the member shows of ours: that link gets no more than that.
      link.media.setWanted(message.stream, { width: message.width, height: message.height });
      return;
    case 'member-admitted':
      if (!fromKeeper || message.member.peerId === roster.me?.peerId) return;
      hosting.admittedByKeeper(message.member);
      break;
    case 'room-policy':
      if (!fromKeeper) return;
      hosting.policyFromKeeper(message.policy);
      break;
    case 'removed':
      if (fromKeeper) room.removed();
      return;
    case 'member-dropped':
      // The deputy's word that the keeper vanished: it keeps the room from now on (see deputy.ts).
      if (roster.isKeeper(message.peerId) && roster.isNextInLine(peerId)) {
        hosting.memberGone(message.peerId);
        return;
      }
      if (!fromKeeper) return;
      if (links.get(message.peerId)?.isOpen) links.goneOnceInterrupted(message.peerId);
      else hosting.memberGone(message.peerId);
      return;
    case 'media-state':
      roster.others.update(peerId, { media: message.media });
      link.setRemoteMedia(message.media);
      break;
    case 'path':
      roster.others.update(peerId, { relayed: message.relayed });
      break;
    case 'bye':
      link.close('left the room');
      return;
  }
  ctx.changed();
}

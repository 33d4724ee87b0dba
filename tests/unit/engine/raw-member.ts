/**
 * A member speaking raw room messages, for tests of what a member of another
 * build gets: it joins through the keeper, links to everyone, says hello
 * with the features it is given, pings to stay linked, and keeps every text
 * it receives on its links.
 */
import { keeperPeerId, memberPeerId } from '../../../renderer/engine/names.js';
import type { JoinAccepted } from '../../../renderer/engine/protocol/messages.js';
import { encode } from '../../../renderer/engine/protocol/validate.js';
import { pass, ROOM, type RoomHarness } from './room-harness.js';

export interface RawMember {
  /** Every text received on its member links, in order. */
  received: string[];
  stop(): void;
}

export async function rawMember(
  harness: RoomHarness,
  name: string,
  { features, publishing }: { features: string[]; publishing: boolean },
): Promise<RawMember> {
  const opening = harness.server().rendezvous().open(memberPeerId(ROOM, name), 'taken');
  await pass(10);
  const peer = await opening;
  const toKeeper = peer.connect(keeperPeerId(ROOM));
  const replies: string[] = [];
  toKeeper.on('data', (data) => replies.push(String(data)));
  toKeeper.on('open', () => toKeeper.send(encode({ type: 'join-request', versions: [1], name })));
  await pass(200);
  const accepted = JSON.parse(replies[0] ?? '{}') as JoinAccepted;
  const received: string[] = [];
  const channels = accepted.roster.map((info) => {
    const channel = peer.connect(info.peerId);
    channel.on('data', (data) => received.push(String(data)));
    channel.on('open', () =>
      channel.send(
        encode({
          type: 'hello',
          member: accepted.you,
          media: { publishing, audioMuted: false, videoMuted: false },
          session: `${name}1`,
          relayed: false,
          features,
        }),
      ),
    );
    return channel;
  });
  const beat = setInterval(() => channels.forEach((channel) => channel.send(encode({ type: 'ping' }))), 500);
  return {
    received,
    stop: () => {
      clearInterval(beat);
      peer.destroy();
    },
  };
}

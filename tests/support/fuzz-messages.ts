/**
 * Hostile room messages for fuzzing, from a seed (so a failure can be
 * replayed). Self-contained on purpose: the browser tests pass this very
 * function to a page to run it there.
 *
 * It mixes random JSON, valid messages with fields of the wrong type,
 * truncated text, oversized text, and deep nesting. It leaves out `bye` and
 * a well-formed `hello`, which end a link on purpose.
 */
export function fuzzMessages(seed: number, count: number): string[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const anyValue = (depth: number): unknown => {
    const kind = Math.floor(random() * (depth > 3 ? 6 : 8));
    switch (kind) {
      case 0:
        return null;
      case 1:
        return random() < 0.5;
      case 2:
        return pick([0, -1, 1.5, 1e308, -0, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER]);
      case 3:
        return pick(['', 'x', 'offer', 'answer', '\u0000', 'ｂｏｂ', '🙂'.repeat(20), '<script>']);
      case 4:
        return 'y'.repeat(Math.floor(random() * 2000));
      case 5:
        return pick([undefined, 'NaN', '1']);
      case 6:
        return Array.from({ length: Math.floor(random() * 5) }, () => anyValue(depth + 1));
      default: {
        const object: Record<string, unknown> = {};
        for (let index = Math.floor(random() * 5); index > 0; index--) {
          object[
            pick(['v', 'type', 'media', 'member', 'policy', 'peerId', 'sdp', 'candidate', '__proto__', 'x'])
          ] = anyValue(depth + 1);
        }
        return object;
      }
    }
  };
  const media = (): unknown => ({
    publishing: random() < 0.8 ? random() < 0.5 : anyValue(2),
    audioMuted: random() < 0.8 ? false : anyValue(2),
    videoMuted: random() < 0.8 ? false : anyValue(2),
    // Absent, off, a plausible stream id, or anything at all.
    ...(random() < 0.5
      ? {}
      : { screen: pick([null, '{0f6c2e1a-77b4-4c1e-9d2a-5b8e3f4a6c10}', 'x'.repeat(65), anyValue(2)]) }),
  });
  const templates: Array<() => Record<string, unknown>> = [
    () => ({ v: 1, type: 'media-state', media: media() }),
    () => ({
      v: 1,
      type: 'signal',
      description: { type: pick(['offer', 'answer', 'pranswer', 5]), sdp: anyValue(1) },
    }),
    () => ({
      v: 1,
      type: 'signal',
      candidate: { candidate: anyValue(1), sdpMid: anyValue(1), sdpMLineIndex: anyValue(1) },
    }),
    () => ({
      v: 1,
      type: 'member-admitted',
      member: { peerId: anyValue(1), name: anyValue(1), order: anyValue(1) },
    }),
    () => ({ v: 1, type: 'member-dropped', peerId: anyValue(1) }),
    () => ({
      v: 1,
      type: 'room-policy',
      policy: { locked: anyValue(1), lobby: anyValue(1), removed: anyValue(1) },
    }),
    () => ({ v: 1, type: 'removed' }),
    () => ({ v: 1, type: pick(['ask-keeper', 'join-waiting']), extra: anyValue(1) }),
    () => ({
      v: 1,
      type: 'join-request',
      versions: [1],
      name: random() < 0.7 ? 'b' : anyValue(1),
      link: random() < 0.6 ? random() < 0.5 : anyValue(1),
    }),
    () => ({
      v: 1,
      type: 'join-accepted',
      you: { peerId: 'huddle-r-m-62', name: 'b', order: 2 },
      roster: [{ peerId: 'huddle-r-m-61', name: 'a', order: 0 }],
      link: random() < 0.6 ? 'huddle-r-m-61' : anyValue(1),
    }),
    () => ({ v: pick([0, 2, '1', null]), type: pick(['media-state', 'bye']) }),
    () => ({ v: 1, type: 'hello', member: anyValue(1), media: anyValue(1) }),
    () => ({ v: 1, type: 'media-renew', extra: anyValue(1) }),
    () => ({ v: 1, type: 'media-renew', reply: anyValue(1) }),
    () => ({
      v: 1,
      type: 'hello',
      member: { peerId: 'huddle-r-m-62', name: 'b', order: 2 },
      media: { publishing: true, audioMuted: false, videoMuted: false },
      // No session: never a well-formed hello, but its features are checked first.
      relayed: false,
      features: anyValue(1),
    }),
    () => ({
      v: 1,
      type: 'chat',
      id: random() < 0.7 ? 'f3a9c2e1b4d07a66' : anyValue(1),
      sentAt: random() < 0.7 ? 1796025600000 : anyValue(1),
      text: random() < 0.5 ? pick(['hi', '<img src=x onerror=alert(1)>', 'é'.repeat(2049)]) : anyValue(1),
      direct: random() < 0.7 ? random() < 0.5 : anyValue(1),
    }),
    () => ({
      v: 1,
      type: 'display-size',
      stream: random() < 0.8 ? pick(['camera', 'screen']) : anyValue(1),
      width: random() < 0.7 ? pick([0, 160, 1920, 8192, 8193, -1]) : anyValue(1),
      height: random() < 0.7 ? pick([0, 90, 1080, 8192, 9000, 0.5]) : anyValue(1),
    }),
    () => ({
      v: 1,
      type: 'chat-history',
      messages:
        random() < 0.7
          ? Array.from({ length: Math.floor(random() * 4) }, () => ({
              id: random() < 0.8 ? 'f3a9c2e1b4d07a66' : anyValue(2),
              from: random() < 0.8 ? 'huddle-r-m-62' : anyValue(2),
              name: random() < 0.8 ? 'b' : anyValue(2),
              sentAt: random() < 0.8 ? 1 : anyValue(2),
              text: random() < 0.8 ? '<script>alert(1)</script>' : anyValue(2),
            }))
          : anyValue(1),
    }),
  ];
  const messages: string[] = [];
  for (let index = 0; index < count; index++) {
    const shape = random();
    if (shape < 0.15) {
      messages.push(JSON.stringify(anyValue(0)) ?? 'undefined');
    } else if (shape < 0.25) {
      const text = JSON.stringify(pick(templates)());
      messages.push(text.slice(0, Math.floor(random() * text.length)));
    } else if (shape < 0.3) {
      messages.push(JSON.stringify({ v: 1, type: 'media-state', pad: 'z'.repeat(70_000) }));
    } else if (shape < 0.33) {
      messages.push(`${'['.repeat(5000)}${']'.repeat(5000)}`);
    } else {
      const message = pick(templates)();
      // Type-confuse one field now and then.
      if (random() < 0.3) message[pick(Object.keys(message))] = anyValue(1);
      messages.push(JSON.stringify(message));
    }
  }
  return messages;
}

/**
 * Performance marks along the way from opening the page to the first remote
 * video: `huddle:<step>` in the page's performance timeline, so a profile, a
 * benchmark (tests/bench/join.bench.ts) or the browser's own tools can see
 * where the time goes. A mark costs about a microsecond; where the timeline
 * is missing (unit tests under Node have one), nothing happens.
 */
export type JoinStep =
  | 'settings-loaded'
  | 'camera-requested'
  | 'camera-open'
  | 'host-info'
  | 'join-submitted'
  | 'session-created'
  | 'rendezvous-open'
  | 'admitted'
  | 'joined'
  | 'published'
  | 'link-open'
  | 'hello'
  | 'remote-media';

export function markJoinStep(step: JoinStep): void {
  if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
  try {
    performance.mark(`huddle:${step}`);
  } catch {
    // A timeline that refuses marks changes nothing for the room.
  }
}

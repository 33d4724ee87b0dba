/**
 * What each member must receive, given who publishes and who shares, and
 * what a probe's results say about it: what is missing, and a join's time to
 * all media. Pure functions, unit-tested.
 */
import type { ExpectedMedia, ProbeResult } from './media-probe.js';

export interface Sender {
  name: string;
  publishing: boolean;
  sharing: boolean;
}

/** Every other member's camera (with its sound) while it publishes, and its screen while it shares. */
export function expectedBy(viewer: Sender, members: Sender[]): ExpectedMedia[] {
  return members
    .filter((member) => member !== viewer)
    .flatMap((member): ExpectedMedia[] => [
      ...(member.publishing ? [{ name: member.name, kind: 'camera' as const, audio: true }] : []),
      ...(member.sharing ? [{ name: member.name, kind: 'screen' as const, audio: false }] : []),
    ]);
}

export function missingOf(result: ProbeResult): Array<'video' | 'audio'> {
  return [
    ...(result.videoAt === null ? ['video' as const] : []),
    ...(result.audio && result.audioAt === null ? ['audio' as const] : []),
  ];
}

/** One viewer's probe results, or the error its probe ended with. */
export interface ViewerResults {
  viewer: string;
  results: ProbeResult[] | Error;
}

/**
 * Press of Join → the last of: the joiner plays and hears every publisher,
 * every other member plays and hears the joiner. Null if any of that never
 * happened (or a probe that would have seen it failed).
 */
export function joinAllMediaMs(joiner: Sender, pressedAt: number, viewers: ViewerResults[]): number | null {
  const relevant: ProbeResult[] = [];
  for (const { viewer, results } of viewers) {
    const own = viewer === joiner.name;
    if (results instanceof Error) {
      if (own || joiner.publishing || joiner.sharing) return null;
      continue;
    }
    relevant.push(...(own ? results : results.filter((each) => each.name === joiner.name)));
  }
  if (relevant.some((each) => missingOf(each).length > 0)) return null;
  const flowingAt = relevant.map((each) => Math.max(each.videoAt ?? 0, each.audioAt ?? 0));
  return Math.max(pressedAt, ...flowingAt) - pressedAt;
}

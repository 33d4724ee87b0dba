/**
 * Whether a connection's selected ICE path goes through a TURN relay on our
 * side, read from getStats(): the transport's selected candidate pair, and its
 * local candidate's type. Null while there is no selected pair.
 */
export function selectedPathIsRelayed(report: RTCStatsReport): boolean | null {
  const stats = new Map<string, Record<string, unknown>>();
  report.forEach((value: Record<string, unknown>, key: string) => stats.set(key, value));
  let pairId: unknown;
  for (const entry of stats.values()) {
    if (entry.type === 'transport' && typeof entry.selectedCandidatePairId === 'string') {
      pairId = entry.selectedCandidatePairId;
      break;
    }
  }
  if (typeof pairId !== 'string') {
    // Some browsers mark the pair instead of naming it on the transport.
    for (const [id, entry] of stats) {
      if (
        entry.type === 'candidate-pair' &&
        (entry.selected === true || entry.nominated === true) &&
        entry.state === 'succeeded'
      ) {
        pairId = id;
        break;
      }
    }
  }
  const pair = typeof pairId === 'string' ? stats.get(pairId) : undefined;
  const local = typeof pair?.localCandidateId === 'string' ? stats.get(pair.localCandidateId) : undefined;
  if (!local) return null;
  return local.candidateType === 'relay';
}

/** Our end of a connection's selected ICE path. */
export interface LocalEnd {
  /** `host`, `srflx`, `prflx` or `relay`. */
  candidateType: string;
  /** How we reach the relay (`udp`, `tcp` or `tls`) when the type is `relay`; null otherwise. */
  relayProtocol: string | null;
}

/**
 * Our end of a connection's selected ICE path, read from getStats(): the
 * transport's selected candidate pair, and its local candidate (a TURN relay
 * when its type is `relay`). Null while there is no selected pair.
 */
export function selectedLocalEnd(report: RTCStatsReport): LocalEnd | null {
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
  const relayProtocol = local.candidateType === 'relay' ? local.relayProtocol : null;
  return {
    candidateType: String(local.candidateType),
    relayProtocol: typeof relayProtocol === 'string' ? relayProtocol : null,
  };
}

/**
 * Codec parameters in a session description's fmtp lines: the one place SDP
 * carries what a receiver prefers of its senders and no API sets
 * (opus-options.ts, video-start.ts). Parameters of ours replace any of the
 * same name (in any case); every other parameter and line stays as it was.
 */

/** A codec as its rtpmap line names it: `opus` and 48000, `VP8` and 90000. */
export type CodecMatch = (name: string, clockRate: number) => boolean;

/** Sets `parameters` on the fmtp line of every payload type `codec` matches, adding the line where missing. */
export function withFmtpParameters(
  sdp: string,
  codec: CodecMatch,
  parameters: Readonly<Record<string, string | number>>,
): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(eol);
  const payloads = new Set<string>();
  for (const line of lines) {
    const match = /^a=rtpmap:(\d+) ([^/\s]+)\/(\d+)/u.exec(line);
    if (match?.[1] && match[2] && codec(match[2], Number(match[3]))) payloads.add(match[1]);
  }
  if (payloads.size === 0) return sdp;

  const withFmtp = new Set<string>();
  const edited = lines.map((line) => {
    const match = /^a=fmtp:(\d+) (.*)$/u.exec(line);
    const payload = match?.[1];
    if (!match || !payload || !payloads.has(payload)) return line;
    withFmtp.add(payload);
    return `a=fmtp:${payload} ${mergeParameters(match[2] ?? '', parameters)}`;
  });
  // A payload type of the codec without an fmtp line gets one right after its rtpmap.
  const result: string[] = [];
  for (const line of edited) {
    result.push(line);
    const payload = /^a=rtpmap:(\d+) /u.exec(line)?.[1];
    if (payload && payloads.has(payload) && !withFmtp.has(payload))
      result.push(`a=fmtp:${payload} ${mergeParameters('', parameters)}`);
  }
  return result.join(eol);
}

/** `key=value;key=value` with ours set, the others kept in their order. */
function mergeParameters(existing: string, parameters: Readonly<Record<string, string | number>>): string {
  const ours = new Set(Object.keys(parameters).map((key) => key.toLowerCase()));
  const kept = existing
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .filter((part) => !ours.has(part.split('=')[0]?.trim().toLowerCase() ?? ''));
  for (const [key, value] of Object.entries(parameters)) kept.push(`${key}=${String(value)}`);
  return kept.join(';');
}

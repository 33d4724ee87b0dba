import { describe, expect, it } from 'vitest';
import { withOpusOptions } from '../../../renderer/engine/media/opus-options.js';

/** The audio section of a description as Chromium writes it (trimmed). */
const chromeAudio = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0',
  'a=mid:0',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:63 red/48000/2',
  'a=fmtp:63 111/111',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'a=rtpmap:96 VP8/90000',
  '',
].join('\r\n');

describe('withOpusOptions', () => {
  it("asks for in-band FEC and DTX on Opus, keeping the line's other parameters", () => {
    const edited = withOpusOptions(chromeAudio);
    expect(edited).toContain('a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1\r\n');
    expect(edited.split('\r\n')).toHaveLength(chromeAudio.split('\r\n').length);
  });

  it('leaves every other line alone, including other codecs and the RED wrapper', () => {
    const before = chromeAudio.split('\r\n');
    const after = withOpusOptions(chromeAudio).split('\r\n');
    const changed = after.filter((line, index) => line !== before[index]);
    expect(changed).toEqual(['a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1']);
  });

  it('replaces values already there rather than repeating them', () => {
    const sdp = chromeAudio.replace('minptime=10;useinbandfec=1', 'usedtx=0;minptime=10;USEINBANDFEC=0');
    expect(withOpusOptions(sdp)).toContain('a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1\r\n');
  });

  it('is idempotent', () => {
    const once = withOpusOptions(chromeAudio);
    expect(withOpusOptions(once)).toBe(once);
  });

  it('adds an fmtp line after the rtpmap of an Opus payload that has none', () => {
    const sdp = chromeAudio.replace('a=fmtp:111 minptime=10;useinbandfec=1\r\n', '');
    const lines = withOpusOptions(sdp).split('\r\n');
    const rtpmap = lines.indexOf('a=rtpmap:111 opus/48000/2');
    expect(lines[rtpmap + 1]).toBe('a=fmtp:111 useinbandfec=1;usedtx=1');
  });

  it('handles every Opus payload type, and newline-only descriptions', () => {
    const sdp = chromeAudio
      .replace('a=rtpmap:9 G722/8000', 'a=rtpmap:110 opus/48000/2\r\na=fmtp:110 stereo=1')
      .replaceAll('\r\n', '\n');
    const edited = withOpusOptions(sdp);
    expect(edited).toContain('a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1\n');
    expect(edited).toContain('a=fmtp:110 stereo=1;useinbandfec=1;usedtx=1\n');
    expect(edited).not.toContain('\r');
  });

  it('returns a description without Opus unchanged', () => {
    const videoOnly = 'v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n';
    expect(withOpusOptions(videoOnly)).toBe(videoOnly);
  });
});

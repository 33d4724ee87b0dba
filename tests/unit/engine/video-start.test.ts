/**
 * Where a member's video to us starts: every video codec of the descriptions
 * we send carries the start bitrate, merged into its parameters or on a new
 * fmtp line; retransmission, redundancy and error correction, and all of
 * audio, are left as the browser wrote them; Opus's options go in beside.
 */
import { describe, expect, it } from 'vitest';
import { withReceivePreferences } from '../../../renderer/engine/media/receive-preferences.js';
import { VIDEO_START_KBPS, withVideoStartBitrate } from '../../../renderer/engine/media/video-start.js';

/** A description as Chromium writes one (trimmed). */
const chrome = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 9',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:9 G722/8000',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 102 103 116 117',
  'a=rtpmap:96 VP8/90000',
  'a=rtcp-fb:96 nack',
  'a=rtpmap:97 rtx/90000',
  'a=fmtp:97 apt=96',
  'a=rtpmap:98 VP9/90000',
  'a=fmtp:98 profile-id=0',
  'a=rtpmap:99 rtx/90000',
  'a=fmtp:99 apt=98',
  'a=rtpmap:102 H264/90000',
  'a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f',
  'a=rtpmap:103 rtx/90000',
  'a=fmtp:103 apt=102',
  'a=rtpmap:116 red/90000',
  'a=rtpmap:117 ulpfec/90000',
  '',
].join('\r\n');

const start = `x-google-start-bitrate=${VIDEO_START_KBPS}`;

describe('the video start bitrate', () => {
  it('goes on every picture codec: a line of its own where there was none, merged where there was', () => {
    const lines = withVideoStartBitrate(chrome).split('\r\n');
    expect(lines[lines.indexOf('a=rtpmap:96 VP8/90000') + 1]).toBe(`a=fmtp:96 ${start}`);
    expect(lines).toContain(`a=fmtp:98 profile-id=0;${start}`);
    expect(lines).toContain(
      `a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f;${start}`,
    );
  });

  it('leaves retransmission, redundancy, error correction and audio as they were', () => {
    const before = chrome.split('\r\n');
    const after = withVideoStartBitrate(chrome).split('\r\n');
    const added = after.filter((line) => !before.includes(line));
    expect(added).toEqual([
      `a=fmtp:96 ${start}`,
      `a=fmtp:98 profile-id=0;${start}`,
      `a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f;${start}`,
    ]);
    for (const kept of [
      'a=fmtp:97 apt=96',
      'a=rtpmap:116 red/90000',
      'a=fmtp:111 minptime=10;useinbandfec=1',
    ])
      expect(after).toContain(kept);
    expect(after.some((line) => /^a=fmtp:(97|99|103|116|117|111|9) .*start-bitrate/u.test(line))).toBe(false);
  });

  it('replaces a start bitrate already there, and adds nothing the second time', () => {
    const once = withVideoStartBitrate(
      chrome.replace('profile-id=0', 'X-Google-Start-Bitrate=300;profile-id=0'),
    );
    expect(once).toContain(`a=fmtp:98 profile-id=0;${start}\r\n`);
    expect(withVideoStartBitrate(once)).toBe(once);
  });

  it('is written, with Opus options, into the descriptions we send, and nowhere else', () => {
    const signal = withReceivePreferences({ description: { type: 'offer', sdp: chrome } });
    expect('description' in signal && signal.description.sdp).toContain(`a=fmtp:96 ${start}\r\n`);
    expect('description' in signal && signal.description.sdp).toContain(
      'a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1\r\n',
    );
    const candidate = {
      candidate: {
        candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host',
        sdpMid: '0',
        sdpMLineIndex: 0,
        usernameFragment: null,
      },
    };
    expect(withReceivePreferences(candidate)).toBe(candidate);
  });
});

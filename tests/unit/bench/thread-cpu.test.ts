import { describe, expect, it } from 'vitest';
import { audioShare, isAudio, threadGroup } from '../../bench/thread-cpu.js';

describe('the browser CPU by thread', () => {
  it('counts numbered workers of one pool as one group, and keeps other names whole', () => {
    expect(threadGroup('ThreadPoolForeg3')).toBe('ThreadPoolForeg');
    expect(threadGroup('ThreadPoolForeg')).toBe('ThreadPoolForeg');
    expect(threadGroup('WebRTC_W_and_N')).toBe('WebRTC_W_and_N');
    expect(threadGroup('VizCompositorTh')).toBe('VizCompositorTh');
    expect(threadGroup('1234')).toBe('1234');
  });

  it('takes as audio the threads named for it and all of the audio service', () => {
    expect(isAudio({ kind: 'renderer', thread: 'AudioOutputDevi' })).toBe(true);
    expect(isAudio({ kind: 'renderer', thread: 'ThreadPoolAudio' })).toBe(true);
    expect(isAudio({ kind: 'utility:audio', thread: 'chromium' })).toBe(true);
    expect(isAudio({ kind: 'renderer', thread: 'WebRTC_W_and_N' })).toBe(false);
    expect(isAudio({ kind: 'gpu-process', thread: 'VizCompositorTh' })).toBe(false);
  });

  it('sums the audio groups only', () => {
    expect(
      audioShare([
        { kind: 'renderer', thread: 'AudioOutputDevi', share: 0.05 },
        { kind: 'utility:audio', thread: 'AudioProcessing', share: 0.04 },
        { kind: 'renderer', thread: 'ThreadPoolPrese', share: 0.3 },
      ]),
    ).toBeCloseTo(0.09, 10);
    expect(audioShare([])).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { ActiveSpeaker, type SpeakerLevel } from '../../../renderer/engine/room/active-speaker.js';

const options = { threshold: 0.02, takeOverMs: 1500, takeOverRatio: 1.5, releaseMs: 2500 };

/** Levels for one round: a number per member, or 'muted' (its level is ignored, so give it one). */
function round(levels: Record<string, number | null | 'muted'>): SpeakerLevel[] {
  return Object.entries(levels).map(([peerId, level]) =>
    level === 'muted' ? { peerId, level: 0.5, muted: true } : { peerId, level, muted: false },
  );
}

/** Feeds one round a second; returns the speaker after each. */
function run(
  detector: ActiveSpeaker,
  rounds: Array<Record<string, number | null | 'muted'>>,
): Array<string | null> {
  return rounds.map((levels, second) => detector.update(second * 1000, round(levels)));
}

describe('active speaker', () => {
  it('is nobody in a quiet room, and someone who starts speaking at once', () => {
    const detector = new ActiveSpeaker(options);
    expect(
      run(detector, [
        { a: 0, b: 0.01 },
        { a: 0.3, b: 0.01 },
      ]),
    ).toEqual([null, 'a']);
  });

  it('is never a muted member, however loud its stats say it is', () => {
    const detector = new ActiveSpeaker(options);
    expect(
      run(detector, [
        { a: 0.1, c: 'muted' },
        { a: 0.1, c: 'muted' },
        { a: 0, c: 'muted' },
      ]),
    ).toEqual(['a', 'a', 'a']);
  });

  it('drops a speaker the moment it mutes, without waiting out the hold', () => {
    const detector = new ActiveSpeaker(options);
    expect(
      run(detector, [
        { a: 0.3, c: 0 },
        { a: 'muted', c: 0 },
        { a: 'muted', c: 0.3 },
      ]),
    ).toEqual(['a', null, 'c']);
  });

  it('holds a speaker over pauses shorter than the release time', () => {
    const detector = new ActiveSpeaker(options);
    // Speech with one-second gaps (or a tone that beeps now and then).
    expect(run(detector, [{ a: 0.3 }, { a: 0 }, { a: 0.2 }, { a: 0 }, { a: 0 }, { a: 0 }])).toEqual([
      'a',
      'a',
      'a',
      'a',
      'a',
      null,
    ]);
  });

  it('does not flicker between two people talking at a similar level', () => {
    const detector = new ActiveSpeaker(options);
    const alternating = Array.from({ length: 10 }, (_, second) =>
      second % 2 ? { a: 0.25, b: 0.35 } : { a: 0.35, b: 0.25 },
    );
    expect(new Set(run(detector, alternating))).toEqual(new Set(['a']));
  });

  it('hands over to someone clearly louder for long enough, not for one loud moment', () => {
    const detector = new ActiveSpeaker(options);
    expect(
      run(detector, [
        { a: 0.2, b: 0 },
        { a: 0.2, b: 0.6 }, // a cough
        { a: 0.2, b: 0 },
        { a: 0.1, b: 0.4 },
        { a: 0.1, b: 0.4 },
        { a: 0.1, b: 0.4 },
      ]),
    ).toEqual(['a', 'a', 'a', 'a', 'a', 'b']);
  });

  it('hands over without the take-over wait once the speaker has been silent past the release time', () => {
    const detector = new ActiveSpeaker(options);
    expect(
      run(detector, [
        { a: 0.3, b: 0 },
        { a: 0, b: 0 },
        { a: 0, b: 0.05 },
        { a: 0, b: 0.05 },
      ]),
    ).toEqual(['a', 'a', 'a', 'b']);
  });

  it('forgets a speaker who left the room', () => {
    const detector = new ActiveSpeaker(options);
    expect(run(detector, [{ a: 0.3, b: 0 }, { b: 0 }])).toEqual(['a', null]);
  });

  it('treats an unknown level as silence', () => {
    const detector = new ActiveSpeaker(options);
    expect(
      run(detector, [
        { a: null, b: null },
        { a: null, b: 0.1 },
      ]),
    ).toEqual([null, 'b']);
  });
});

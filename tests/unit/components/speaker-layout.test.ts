import { describe, expect, it } from 'vitest';
import {
  arrangeSpeakerView,
  speakerSizes,
  type LayoutTile,
  type SpeakerChoice,
} from '../../../renderer/components/speaker-layout.js';

const tile = (peerId: string, options: { screen?: boolean; isLocal?: boolean } = {}): LayoutTile => ({
  key: options.screen ? `${peerId}:screen` : peerId,
  peerId,
  screen: options.screen ?? false,
  isLocal: options.isLocal ?? false,
});

const me = tile('me', { isLocal: true });
const ann = tile('ann');
const ben = tile('ben');
const cal = tile('cal');
const bensScreen = tile('ben', { screen: true });
const following: SpeakerChoice = { pinned: null, speaker: null, previous: null };

const keys = (tiles: LayoutTile[]): string[] => tiles.map((each) => each.key);

describe('arrangeSpeakerView', () => {
  it('makes the active speaker large and keeps everyone else in order in the strip', () => {
    const { large, strip, reason } = arrangeSpeakerView([me, ann, ben, cal], {
      ...following,
      speaker: 'ben',
    });
    expect(large).toBe(ben);
    expect(reason).toBe('speaker');
    expect(keys(strip)).toEqual(['me', 'ann', 'cal']);
  });

  it('keeps a pinned member large whoever speaks', () => {
    const choice = { pinned: 'ann', speaker: 'cal', previous: 'cal' };
    const { large, strip, reason } = arrangeSpeakerView([me, ann, ben, cal], choice);
    expect(large).toBe(ann);
    expect(reason).toBe('pinned');
    expect(keys(strip)).toEqual(['me', 'ben', 'cal']);
  });

  it('follows the speaker again once the pinned tile is gone', () => {
    const { large, reason } = arrangeSpeakerView([me, ben, cal], {
      ...following,
      pinned: 'ann',
      speaker: 'cal',
    });
    expect(large).toBe(cal);
    expect(reason).toBe('speaker');
  });

  it('never makes us large for speaking, and keeps the last speaker large instead', () => {
    const { large, reason } = arrangeSpeakerView([me, ann, ben], {
      ...following,
      speaker: 'me',
      previous: 'ben',
    });
    expect(large).toBe(ben);
    expect(reason).toBe('previous');
  });

  it('keeps the last speaker large through a silence', () => {
    const { large } = arrangeSpeakerView([me, ann, ben], { ...following, previous: 'ben' });
    expect(large).toBe(ben);
  });

  it('shows a shared screen large over the speaker, unless someone is pinned', () => {
    const tiles = [bensScreen, me, ann, ben];
    const shared = arrangeSpeakerView(tiles, { ...following, speaker: 'ann' });
    expect(shared.large).toBe(bensScreen);
    expect(keys(shared.strip)).toEqual(['me', 'ann', 'ben']);
    expect(arrangeSpeakerView(tiles, { ...following, speaker: 'ann', pinned: 'ann' }).large).toBe(ann);
  });

  it('can pin a screen', () => {
    expect(arrangeSpeakerView([bensScreen, me, ben], { ...following, pinned: 'ben:screen' }).reason).toBe(
      'pinned',
    );
  });

  it('starts with the first member who is not us, and shows us only when alone', () => {
    expect(arrangeSpeakerView([me, ann, ben], following).large).toBe(ann);
    expect(arrangeSpeakerView([me], following)).toEqual({ large: me, strip: [], reason: 'first' });
    expect(arrangeSpeakerView([], following)).toEqual({ large: null, strip: [], reason: 'none' });
  });

  it('gives the large tile to the first member in once we are no longer alone', () => {
    // We were alone, so our own tile was the large one; Ann joins and has not spoken yet.
    const alone = arrangeSpeakerView([me], following);
    const joined = arrangeSpeakerView([me, ann], { ...following, previous: alone.large!.key });
    expect(joined).toEqual({ large: ann, strip: [me], reason: 'first' });
  });

  it('ignores a speaker without a tile (not publishing)', () => {
    expect(arrangeSpeakerView([me, ann, ben], { ...following, speaker: 'dan', previous: 'ben' }).large).toBe(
      ben,
    );
  });
});

describe('speakerSizes', () => {
  it('gives a 16:9 strip a fifth of the height and the large tile the rest', () => {
    const { large, strip } = speakerSizes(2, 1000, 600);
    expect(strip).toEqual({ width: 213, height: 120 });
    // 600 - 120 - 8 = 472 high; 472 * 16/9 = 839 wide, within 1000.
    expect(large).toEqual({ width: 839, height: 472 });
  });

  it('shrinks strip tiles so one row fits the width, down to a floor', () => {
    // (600 - 6 gaps of 8) / 5
    expect(speakerSizes(5, 600, 600).strip.width).toBe(110);
    expect(speakerSizes(20, 600, 600).strip.width).toBe(96);
  });

  it('bounds the large tile by the width in a tall container', () => {
    expect(speakerSizes(1, 400, 1000).large).toEqual({ width: 400, height: 225 });
  });

  it('gives the large tile the whole container when there is no strip', () => {
    expect(speakerSizes(0, 1600, 900)).toEqual({
      large: { width: 1600, height: 900 },
      strip: { width: 0, height: 0 },
    });
  });

  it('is empty for an empty container', () => {
    expect(speakerSizes(3, 0, 500).large).toEqual({ width: 0, height: 0 });
  });
});

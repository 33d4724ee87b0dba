/**
 * Join to first remote frame, for 2, 3 and 4 participants, against the floor
 * (a bare RTCPeerConnection pair in the same browser, same run).
 *
 * For N participants: one member hosts a room and publishes; then N-1 members
 * click "Join" at the same moment, each publishing on join. Each joiner's
 * figure is the time from its click to the first decoded frame of any remote
 * video. The report is the median over all joiners of all runs.
 *
 * HUDDLE_BENCH_RUNS sets the runs per size (default 5);
 * HUDDLE_BENCH_JOINERS_PUBLISH=0 makes the joiners watch only, which isolates
 * signaling and connection set-up from the cost of everyone encoding at once.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test, type Browser } from '@playwright/test';
import { closeAll, hostRoom, openMember, setPublishOnJoin, type Member } from '../e2e/support/members.js';
import { qualityPresets } from '../../renderer/engine/media/quality.js';
import { useHuddleHost } from '../e2e/support/fixtures.js';
import {
  bareFloorFirstFrameMs,
  clickJoin,
  firstRemoteFrameAt,
  watchFirstRemoteFrame,
} from './first-frame.js';
import { median, round } from './stats.js';

const RUNS = Number(process.env.HUDDLE_BENCH_RUNS ?? 5);
const results = path.resolve(__dirname, 'results');

const host = useHuddleHost();

async function measureFloor(browser: Browser): Promise<number[]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(host().url);
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++)
    samples.push(await page.evaluate(bareFloorFirstFrameMs, qualityPresets.balanced.capture));
  await context.close();
  return samples;
}

async function measureJoin(browser: Browser, participants: number): Promise<number[]> {
  const members: Member[] = [];
  try {
    for (let index = 0; index < participants; index++) {
      const member = await openMember(browser, host().url, `p${index}`);
      await member.page.addInitScript(watchFirstRemoteFrame);
      await member.page.reload();
      await member.page.getByTestId('name-input').fill(`p${index}`);
      members.push(member);
    }
    const [first, ...joiners] = members as [Member, ...Member[]];
    const roomId = await hostRoom(first, true);
    for (const joiner of joiners) {
      await joiner.page.getByTestId('mode-join').click();
      await joiner.page.getByTestId('room-input').fill(roomId);
      await setPublishOnJoin(joiner, process.env.HUDDLE_BENCH_JOINERS_PUBLISH !== '0');
      // Let each preview camera start, as it would while a person reads the form.
      await joiner.page.waitForFunction(() => {
        const video = document.querySelector<HTMLVideoElement>('[data-testid="preview-video"]');
        return !!video && video.videoWidth > 0;
      });
    }
    const clickedAt = await Promise.all(joiners.map((joiner) => clickJoin(joiner.page)));
    return await Promise.all(
      joiners.map(async (joiner, index) => (await firstRemoteFrameAt(joiner.page)) - clickedAt[index]!),
    );
  } finally {
    await closeAll(members);
  }
}

test('join to first remote frame, 2 to 4 participants, against the floor', async ({ browser }) => {
  const floor = await measureFloor(browser);
  const floorMedian = median(floor);
  const rows: Array<{ participants: number; medianMs: number; ratioToFloor: number; samples: number[] }> = [];
  for (const participants of [2, 3, 4]) {
    const samples: number[] = [];
    for (let run = 0; run < RUNS; run++) samples.push(...(await measureJoin(browser, participants)));
    const medianMs = median(samples);
    rows.push({
      participants,
      medianMs: round(medianMs),
      ratioToFloor: round(medianMs / floorMedian, 2),
      samples: samples.map((value) => round(value)),
    });
  }
  const report = {
    measure: 'click join -> first decoded remote frame (ms)',
    runs: RUNS,
    floor: { medianMs: round(floorMedian), samples: floor.map((value) => round(value)) },
    huddle: rows,
    date: new Date().toISOString(),
  };
  console.log(`\nJoin -> first remote frame (median of ${RUNS} runs; floor = bare RTCPeerConnection pair)`);
  console.log('| participants | Huddle (ms) | floor (ms) | ratio |');
  console.log('|---|---|---|---|');
  for (const row of rows) {
    console.log(`| ${row.participants} | ${row.medianMs} | ${round(floorMedian)} | ${row.ratioToFloor}x |`);
  }
  console.log(JSON.stringify(report));
  mkdirSync(results, { recursive: true });
  writeFileSync(path.join(results, 'join.json'), `${JSON.stringify(report, null, 2)}\n`);
});

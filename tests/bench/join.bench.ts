/**
 * Join to first remote frame, for 2, 3 and 4 participants, against the floor
 * (a bare RTCPeerConnection pair in the same browser, same run).
 *
 * For N participants: one member hosts a room and publishes; then N-1 members
 * click "Join" at the same moment, each publishing on join. Each joiner's
 * figure is the time from its click to the first decoded frame of any remote
 * video. The report is the median over all joiners of all runs. Beside it,
 * each joiner's stalls from its click until 3 s after that first frame: the
 * longest time its own camera's videos (preview, then own tile), a remote
 * video once started, and its page's event loop went without moving.
 *
 * Each member runs in a browser of its own, as people do: each then has its
 * own fake camera. Members as contexts of one browser share one fake capture
 * device, and with three or four joining at once that device stops
 * delivering frames to every page for about 2 s (every preview freezes,
 * media-source frames stand still) while the pages' event loops stall far
 * less. With a browser per member, or a canvas camera per page in the shared
 * browser (HUDDLE_BENCH_CAMERA=canvas), the freeze is gone and the stalls
 * follow the event loop's. A bare mesh of pages in one browser does not
 * trigger it, so something in how the app starts its senders does, but only
 * with a camera shared by every member; HUDDLE_BENCH_BROWSERS=shared runs
 * that set-up again.
 *
 * A second figure takes the page's load in: opening the room's address →
 * first remote frame for someone joining a room of one (two people then),
 * against a blank page running the bare pair from its first script, with the
 * median time of each step on the way (performance marks, see
 * renderer/engine/join-marks.ts and page-open.ts).
 *
 * HUDDLE_BENCH_RUNS sets the runs per size (default 5); HUDDLE_BENCH_SIZES
 * the room sizes (default 2,3,4); HUDDLE_BENCH_PRESET a quality preset other
 * than the default for every member; HUDDLE_BENCH_JOINERS_PUBLISH=0 makes the
 * joiners watch only, which isolates signaling and connection set-up from the
 * cost of everyone encoding at once; HUDDLE_BENCH_VERBOSE=1 prints what every
 * member's camera senders report (frames from the camera and encoded, rate,
 * what limits them) at the end of each run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, test, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/support/chromium.js';
import { closeAll, hostRoom, openMember, setPublishOnJoin, type Member } from '../e2e/support/members.js';
import { qualityPresets } from '../../renderer/engine/media/quality.js';
import { useHuddleHost } from '../e2e/support/fixtures.js';
import {
  bareFloorFirstFrameMs,
  clickJoin,
  firstRemoteFrameAt,
  watchFirstRemoteFrame,
} from './first-frame.js';
import { floorPageOpen, huddlePageOpen, type PageOpenSample } from './page-open.js';
import { isDefaultList, resultsFolder } from './results-folder.js';
import { median, round } from './stats.js';
import {
  addFreezeProbes,
  freezeFigures,
  readCameraSenders,
  readFrameRecord,
  type FreezeFigures,
} from './freeze-probes.js';

const RUNS = Number(process.env.HUDDLE_BENCH_RUNS ?? 5);
const CAMERA = process.env.HUDDLE_BENCH_CAMERA === 'canvas' ? 'canvas' : 'fake';
const BROWSERS = process.env.HUDDLE_BENCH_BROWSERS === 'shared' ? 'shared' : 'per-member';
const PRESET = process.env.HUDDLE_BENCH_PRESET;
const DEFAULT_SIZES = '2,3,4';
const SIZES = (process.env.HUDDLE_BENCH_SIZES ?? DEFAULT_SIZES).split(',').map(Number);
/** How long after its first remote frame each joiner's videos are watched for stalls. */
const AFTER_FIRST_FRAME_MS = 3000;
const results = resultsFolder(
  isDefaultList(process.env.HUDDLE_BENCH_SIZES, DEFAULT_SIZES) &&
    CAMERA === 'fake' &&
    BROWSERS === 'per-member' &&
    PRESET === undefined,
);

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

interface JoinSample extends FreezeFigures {
  ms: number;
}

async function measureJoin(browser: Browser, participants: number): Promise<JoinSample[]> {
  const members: Member[] = [];
  const browsers: Browser[] = [];
  try {
    for (let index = 0; index < participants; index++) {
      let memberBrowser = browser;
      if (BROWSERS === 'per-member') {
        memberBrowser = await chromium.launch(chromiumLaunchOptions());
        browsers.push(memberBrowser);
      }
      const member = await openMember(memberBrowser, host().url, `p${index}`);
      await member.page.addInitScript(watchFirstRemoteFrame);
      await addFreezeProbes(member.page, CAMERA === 'canvas');
      if (PRESET)
        await member.page.addInitScript((quality) => {
          localStorage.setItem('huddle.settings', JSON.stringify({ quality }));
        }, PRESET);
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
    const firstAt = await Promise.all(joiners.map((joiner) => firstRemoteFrameAt(joiner.page)));
    await joiners[0]!.page.waitForTimeout(AFTER_FIRST_FRAME_MS);
    const samples = await Promise.all(
      joiners.map(async (joiner, index) => ({
        ms: firstAt[index]! - clickedAt[index]!,
        ...freezeFigures(
          await joiner.page.evaluate(readFrameRecord),
          clickedAt[index]!,
          firstAt[index]! + AFTER_FIRST_FRAME_MS,
        ),
      })),
    );
    if (process.env.HUDDLE_BENCH_VERBOSE) {
      for (const [index, member] of members.entries()) {
        const senders = await member.page.evaluate(readCameraSenders);
        console.log(`p${index}`, JSON.stringify(samples[index - 1] ?? 'host'), JSON.stringify(senders));
      }
    }
    return samples;
  } finally {
    await closeAll(members);
    await Promise.all(browsers.map((each) => each.close()));
  }
}

/** Someone opens the address of a room one member holds (publishing) and joins from it, publishing too. */
async function measurePageOpen(run: number): Promise<PageOpenSample> {
  const hostBrowser = await chromium.launch(chromiumLaunchOptions());
  const members: Member[] = [];
  try {
    const first = await openMember(hostBrowser, host().url, `o${run}`);
    members.push(first);
    const roomId = await hostRoom(first, true);
    const address = new URL(host().url);
    address.searchParams.set('room', roomId);
    return await huddlePageOpen(address.href, `j${run}`);
  } finally {
    await closeAll(members);
    await hostBrowser.close();
  }
}

/** Page open → first remote frame, Huddle and floor, with each step's median. */
async function pageOpenFigures() {
  const floor: number[] = [];
  const samples: PageOpenSample[] = [];
  for (let run = 0; run < RUNS; run++) {
    floor.push(await floorPageOpen(host().url, qualityPresets.balanced.capture));
    samples.push(await measurePageOpen(run));
  }
  const names = [...new Set(samples.flatMap((sample) => Object.keys(sample.steps)))];
  const steps = names
    .map((name) => ({
      step: name,
      medianMs: round(median(samples.flatMap((sample) => sample.steps[name] ?? []))),
      seen: samples.filter((sample) => sample.steps[name] !== undefined).length,
    }))
    .sort((a, b) => a.medianMs - b.medianMs);
  const medianMs = median(samples.map((sample) => sample.ms));
  const floorMs = median(floor);
  return {
    measure: 'navigation start -> first decoded remote frame (ms), page load included; room of 2',
    medianMs: round(medianMs),
    floorMedianMs: round(floorMs),
    ratioToFloor: round(medianMs / floorMs, 2),
    samples: samples.map((sample) => round(sample.ms)),
    floorSamples: floor.map((value) => round(value)),
    steps,
  };
}

test('join to first remote frame, 2 to 4 participants, against the floor', async ({ browser }) => {
  const floor = await measureFloor(browser);
  const floorMedian = median(floor);
  const rows: Array<{
    participants: number;
    medianMs: number;
    ratioToFloor: number;
    samples: number[];
    localStallMs: number[];
    remoteStallMs: number[];
    timerStallMs: number[];
  }> = [];
  for (const participants of SIZES) {
    const samples: JoinSample[] = [];
    for (let run = 0; run < RUNS; run++) samples.push(...(await measureJoin(browser, participants)));
    const medianMs = median(samples.map((sample) => sample.ms));
    rows.push({
      participants,
      medianMs: round(medianMs),
      ratioToFloor: round(medianMs / floorMedian, 2),
      samples: samples.map((sample) => round(sample.ms)),
      localStallMs: samples.map((sample) => round(sample.localStallMs)),
      remoteStallMs: samples.map((sample) => round(sample.remoteStallMs)),
      timerStallMs: samples.map((sample) => round(sample.timerStallMs)),
    });
  }
  const pageOpen = await pageOpenFigures();
  const report = {
    measure: 'click join -> first decoded remote frame (ms)',
    runs: RUNS,
    setup: {
      browsers: BROWSERS,
      camera: CAMERA,
      preset: PRESET ?? 'default',
      joinersPublish: process.env.HUDDLE_BENCH_JOINERS_PUBLISH !== '0',
    },
    floor: { medianMs: round(floorMedian), samples: floor.map((value) => round(value)) },
    huddle: rows,
    pageOpen,
    date: new Date().toISOString(),
  };
  console.log(
    `\nJoin -> first remote frame (median of ${RUNS} runs; floor = bare RTCPeerConnection pair;` +
      ` browsers ${BROWSERS}, camera ${CAMERA})`,
  );
  console.log(
    '| participants | Huddle (ms) | floor (ms) | ratio | own video stall (ms) | event loop stall (ms) |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) {
    console.log(
      `| ${row.participants} | ${row.medianMs} | ${round(floorMedian)} | ${row.ratioToFloor}x` +
        ` | ${median(row.localStallMs)} | ${median(row.timerStallMs)} |`,
    );
  }
  const four = rows.find((row) => row.participants === 4);
  if (four)
    console.log(
      `Target: click Join -> first remote frame for 4 people <= 3x the floor: ${four.ratioToFloor}x, ${four.ratioToFloor <= 3 ? 'met' : 'NOT met'} (reported, not asserted)`,
    );
  console.log(
    `\nOpening the page -> first remote frame, room of 2 (median of ${RUNS}; floor = blank page running a bare pair):` +
      ` Huddle ${pageOpen.medianMs} ms, floor ${pageOpen.floorMedianMs} ms, ratio ${pageOpen.ratioToFloor}x` +
      ` (target <= 1.5x: ${pageOpen.ratioToFloor <= 1.5 ? 'met' : 'NOT met'})`,
  );
  console.log('| step (ms from navigation start, median) | ms | runs seen |\n|---|---|---|');
  for (const step of pageOpen.steps) console.log(`| ${step.step} | ${step.medianMs} | ${step.seen} |`);
  console.log(JSON.stringify(report));
  mkdirSync(results, { recursive: true });
  writeFileSync(path.join(results, 'join.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Figures written to ${path.relative(process.cwd(), results)}/join.json`);
});

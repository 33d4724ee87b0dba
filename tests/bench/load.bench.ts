/**
 * Rooms of 2, 4 and 6 members on the balanced preset, each in grid and in
 * speaker view (every member's page switched through the layout switch),
 * over a steady window once everyone receives everyone: received frame rate
 * (mean and slowest link), encode and decode time per frame, video bitrate
 * per link each way, and the browser's CPU share; against the floor, a bare
 * RTCPeerConnection mesh of as many fake cameras in one page (for 2, the
 * bare pair) sending the full picture, same browser, same run.
 *
 * All members are contexts of one browser, a 1280x800 page each, so the CPU
 * share is the whole room's (every member's encoders, decoders and tiles) on
 * this machine.
 *
 * HUDDLE_BENCH_RUNS sets the runs (default 2); HUDDLE_BENCH_LOAD_WINDOW_MS the
 * window (default 10000); HUDDLE_BENCH_SIZES the room sizes (default 2,4,6);
 * HUDDLE_BENCH_VIEWS the layouts (default grid,speaker). The CPU share is
 * also printed split by Chromium process (renderer per page, GPU, browser,
 * utility services) and by thread, with the audio threads' share summed
 * (`audioCpuShare`). HUDDLE_BENCH_PROFILE=1 profiles one member's page after
 * each room's window (page-profile.ts) and prints where its time went.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type Browser, type Page } from '@playwright/test';
import { useHuddleHost } from '../e2e/support/fixtures.js';
import {
  closeAll,
  expectVideoPlaying,
  hostRoom,
  joinRoom,
  openMember,
  type Member,
} from '../e2e/support/members.js';
import { qualityPresets } from '../../renderer/engine/media/quality.js';
import { startBareMesh } from './bare-mesh.js';
import { openBlankPage } from './blank-page.js';
import { chartSvg } from './chart.js';
import { sharesByKind, startCpuWindow, startProcessCpuWindow, type ProcessShare } from './cpu.js';
import { printProcesses, printThreads } from './cpu-report.js';
import { snapshotVideoCounters, windowFigures, type WindowFigures } from './link-stats.js';
import { percent, targetLines, type View } from './load-targets.js';
import { withoutMicrophone } from './no-microphone.js';
import { profilePage } from './page-profile.js';
import { isDefaultList, resultsFolder } from './results-folder.js';
import { benchRuns, mean, round, roundOrNull } from './stats.js';
import { audioShare, startThreadCpuWindow, type ThreadShare } from './thread-cpu.js';

const RUNS = benchRuns(2);
const WINDOW_MS = Number(process.env.HUDDLE_BENCH_LOAD_WINDOW_MS ?? 10_000);
/** After everyone plays everyone: let bitrates ramp and encoders settle before the window. */
const SETTLE_MS = 2000;
/**
 * How long a room of six on two cores may take to come up: the first frames
 * on thirty links took longer than the browser tests' 20 s (joins past the
 * fifth, longer than 5 s: bench.config.ts waits longer for those).
 */
const ROOM_UP_MS = 60_000;
const DEFAULT_SIZES = '2,4,6';
const DEFAULT_VIEWS = 'grid,speaker';
const sizes = (process.env.HUDDLE_BENCH_SIZES ?? DEFAULT_SIZES).split(',').map(Number);
const views = (process.env.HUDDLE_BENCH_VIEWS ?? DEFAULT_VIEWS)
  .split(',')
  .filter((view): view is View => view === 'grid' || view === 'speaker');
/**
 * HUDDLE_BENCH_MICROPHONES=0: every member, and the floor, without a
 * microphone (the page finds none and joins with its camera alone), to
 * show what the room's audio costs beside its video.
 */
const MICROPHONES = process.env.HUDDLE_BENCH_MICROPHONES !== '0';
const results = resultsFolder(
  MICROPHONES &&
    isDefaultList(process.env.HUDDLE_BENCH_SIZES, DEFAULT_SIZES) &&
    isDefaultList(process.env.HUDDLE_BENCH_VIEWS, DEFAULT_VIEWS),
);
const PROFILE = process.env.HUDDLE_BENCH_PROFILE === '1';
const PROFILE_MS = 5000;

const host = useHuddleHost();

interface Measured {
  links: WindowFigures;
  /** Share of all cores, 0..1; null where /proc is missing. */
  cpu: number | null;
  /** The same window per Chromium process. */
  processes: ProcessShare[];
  /** And per thread. */
  threads: ThreadShare[];
}

/** Every page's links over one window, with the browser's CPU over the same window. */
async function measureWindow(pages: Page[]): Promise<Measured> {
  await pages[0]!.waitForTimeout(SETTLE_MS);
  const start = await Promise.all(pages.map(snapshotVideoCounters));
  const cpuWindow = startCpuWindow();
  const processWindow = startProcessCpuWindow();
  const threadWindow = startThreadCpuWindow();
  await pages[0]!.waitForTimeout(WINDOW_MS);
  const end = await Promise.all(pages.map(snapshotVideoCounters));
  const cpu = cpuWindow();
  const processes = processWindow();
  const threads = threadWindow();
  const links: WindowFigures = { sent: [], received: [], restarted: 0 };
  pages.forEach((_page, index) => {
    const figures = windowFigures(start[index]!, end[index]!);
    links.sent.push(...figures.sent);
    links.received.push(...figures.received);
    links.restarted = (links.restarted ?? 0) + (figures.restarted ?? 0);
  });
  if (links.restarted)
    console.log(`${links.restarted} link directions left out: media renewed within the window`);
  return { links, cpu, processes, threads };
}

/** The room: one member hosts, the others join, all publishing from the join form (the default). */
async function measureRoom(
  browser: Browser,
  members: number,
  view: View,
  run: number,
): Promise<Measured & { capture: { width: number; height: number } }> {
  const opened: Member[] = [];
  try {
    for (let index = 0; index < members; index++) {
      const name = `m${run}x${members}${view[0]}n${index}`;
      opened.push(
        await openMember(browser, host().url, name, (page) =>
          MICROPHONES ? Promise.resolve() : page.addInitScript(withoutMicrophone),
        ),
      );
    }
    const [first, ...others] = opened as [Member, ...Member[]];
    const roomId = await hostRoom(first, true);
    for (const member of others) await joinRoom(member, roomId, { publish: true });
    for (const viewer of opened) {
      for (const shown of opened)
        if (shown !== viewer) await expectVideoPlaying(viewer, shown.name, 'camera', { timeout: ROOM_UP_MS });
    }
    // The layout switch, as a person would; the grid is the default.
    for (const member of opened) {
      await member.page.getByTestId(`layout-${view}`).click();
      await member.page.locator(`[data-testid="video-grid"][data-layout="${view}"]`).waitFor();
    }
    const capture = await first.page.evaluate(() => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid="tile"][data-local="true"] video');
      const stream = video?.srcObject instanceof MediaStream ? video.srcObject : null;
      const settings = stream?.getVideoTracks()[0]?.getSettings();
      return { width: settings?.width ?? 0, height: settings?.height ?? 0 };
    });
    const measured = await measureWindow(opened.map((member) => member.page));
    printProcesses(`${members} people, ${view}, run ${run + 1}`, measured.processes);
    printThreads(`${members} people, ${view}, run ${run + 1}`, measured.threads);
    // A joiner's page, which shows every other member like everyone's does.
    if (PROFILE) printProfile(`${members} people, ${view}`, await profilePage(opened[1]!.page, PROFILE_MS));
    return { ...measured, capture };
  } finally {
    await closeAll(opened);
  }
}

/** The floor, in a blank page of the host's origin. */
async function measureFloor(
  browser: Browser,
  members: number,
  capture: { width: number; height: number },
): Promise<Measured> {
  const { context, page } = await openBlankPage(browser, host().url);
  try {
    await page.evaluate(startBareMesh, { members, ...capture, audio: MICROPHONES });
    await page.waitForFunction(
      (expected) =>
        [...document.querySelectorAll('video')].filter(
          (video) => video.videoWidth > 0 && video.currentTime > 0,
        ).length >= expected,
      members * (members - 1),
      { timeout: 30_000 },
    );
    const measured = await measureWindow([page]);
    printProcesses(`floor of ${members}`, measured.processes);
    printThreads(`floor of ${members}`, measured.threads);
    await page.evaluate(() => (window as unknown as { __stopBareMesh: () => void }).__stopBareMesh());
    return measured;
  } finally {
    await context.close();
  }
}

function printProfile(label: string, profile: Awaited<ReturnType<typeof profilePage>>): void {
  console.log(
    `${label}: one member's page over ${profile.windowMs / 1000} s`,
    JSON.stringify(profile.metrics),
  );
  for (const { where, ms } of profile.top) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${where}`);
}

/** Means over every link of every run. */
function summary(runs: Measured[]) {
  const sent = runs.flatMap((run) => run.links.sent);
  const received = runs.flatMap((run) => run.links.received);
  const cpu = runs.map((run) => run.cpu).filter((value): value is number => value !== null);
  return {
    links: received.length,
    receivedFps: roundOrNull(mean(received.map((link) => link.fps)), 1),
    lowestReceivedFps: roundOrNull(Math.min(...received.map((link) => link.fps)), 1),
    encodeMsPerFrame: roundOrNull(mean(sent.map((link) => link.msPerFrame)), 2),
    decodeMsPerFrame: roundOrNull(mean(received.map((link) => link.msPerFrame)), 2),
    sendKbpsPerLink: roundOrNull(mean(sent.map((link) => link.kbps))),
    receiveKbpsPerLink: roundOrNull(mean(received.map((link) => link.kbps))),
    sentSizes: [...new Set(sent.map((link) => `${link.width}x${link.height}`))],
    cpuShare: cpu.length ? round(mean(cpu), 3) : null,
    // The audio threads' part of it (thread-cpu.ts), the mean over runs; null where /proc is missing.
    audioCpuShare: cpu.length ? round(mean(runs.map((run) => audioShare(run.threads))), 3) : null,
    // Link directions whose media was renewed within a window, left out of the figures.
    restartedLinks: runs.reduce((total, run) => total + (run.links.restarted ?? 0), 0),
    // Per kind of Chromium process, the mean over runs.
    cpuByKind: Object.fromEntries(
      sharesByKind(runs.flatMap((run) => run.processes)).map(({ kind, share }) => [
        kind,
        round(share / Math.max(1, runs.length), 3),
      ]),
    ),
  };
}

type Summary = ReturnType<typeof summary>;

interface Row {
  participants: number;
  view: View;
  /** Runs whose room did not come up (everyone playing everyone), and why. */
  failures?: string[];
  /** Runs whose floor did not come up, and why. */
  floorFailures?: string[];
  capture: string;
  huddle: Summary;
  floor: Summary;
  ratioToFloor: ReturnType<typeof ratios>;
}
const ratioKeys = [
  'receivedFps',
  'encodeMsPerFrame',
  'decodeMsPerFrame',
  'sendKbpsPerLink',
  'receiveKbpsPerLink',
  'cpuShare',
] as const;

function ratios(huddle: Summary, floor: Summary): Record<(typeof ratioKeys)[number], number | null> {
  const entries = ratioKeys.map((key) => {
    const [top, bottom] = [huddle[key], floor[key]];
    return [key, top !== null && bottom ? round(top / bottom, 2) : null] as const;
  });
  return Object.fromEntries(entries) as Record<(typeof ratioKeys)[number], number | null>;
}

test('frame rate, encode/decode time, bitrate and CPU for 2, 4 and 6 members in grid and speaker view, against the floor', async ({
  browser,
}) => {
  const rows: Row[] = [];
  for (const members of sizes) {
    // The floor does not depend on the layout: measured once per size, beside the first view's runs.
    const floorRuns: Measured[] = [];
    const floorFailures: string[] = [];
    for (const view of views) {
      const huddleRuns: Measured[] = [];
      let capture = { width: 0, height: 0 };
      const failures: string[] = [];
      for (let run = 0; run < RUNS; run++) {
        // A room that does not come up on a saturated machine is a finding too: kept, and the other rows still run.
        try {
          const room = await measureRoom(browser, members, view, run);
          capture = room.capture;
          huddleRuns.push(room);
        } catch (error) {
          console.log(`${members} people, ${view}, run ${run + 1}: the room did not come up`, error);
          failures.push(String(error).split('\n')[0] ?? 'failed');
          // The floor still runs, at the size the preset captures.
          capture = { ...qualityPresets.balanced.capture };
        }
        if (view !== views[0]) continue;
        // So is a floor that does not: the machine could not carry a bare mesh of this size either.
        try {
          floorRuns.push(await measureFloor(browser, members, capture));
        } catch (error) {
          console.log(`floor of ${members}, run ${run + 1}: the bare mesh did not come up`, error);
          floorFailures.push(String(error).split('\n')[0] ?? 'failed');
        }
      }
      const huddle = summary(huddleRuns);
      const floor = summary(floorRuns);
      rows.push({
        participants: members,
        view,
        ...(failures.length ? { failures } : {}),
        ...(floorFailures.length ? { floorFailures } : {}),
        capture: `${capture.width}x${capture.height}`,
        huddle,
        floor,
        ratioToFloor: ratios(huddle, floor),
      });
    }
  }
  const report = {
    measure:
      'steady-state video per link over a window, balanced preset; CPU = Chromium process tree / wall time / cores',
    runs: RUNS,
    windowMs: WINDOW_MS,
    cores: os.cpus().length,
    microphones: MICROPHONES,
    floor:
      'bare RTCPeerConnection mesh of as many fake cameras in one page (2 = the bare pair), browser defaults but holding the capture size',
    rows,
    date: new Date().toISOString(),
  };

  const cell = (huddle: number | null, floor: number | null, ratio: number | null, unit = ''): string =>
    `${huddle ?? '–'}${unit} (${floor ?? '–'}${unit}, ${ratio ?? '–'}x)`;
  const table = [
    `Room of N on the balanced preset, capture ${rows.map((row) => row.capture).join('/')}${MICROPHONES ? '' : ', no microphones'} (${RUNS} runs of ${WINDOW_MS / 1000} s; per link, mean; Huddle (floor, ratio); floor = bare RTCPeerConnection mesh)`,
    '',
    '| members | view | received fps | slowest link fps | encode ms/frame | decode ms/frame | send kbit/s per link | receive kbit/s per link | CPU share | of which audio |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      ({ participants, view, huddle, floor, ratioToFloor: r }) =>
        `| ${participants} | ${view} | ${cell(huddle.receivedFps, floor.receivedFps, r.receivedFps)} | ${huddle.lowestReceivedFps ?? '–'} (${floor.lowestReceivedFps ?? '–'}) | ${cell(huddle.encodeMsPerFrame, floor.encodeMsPerFrame, r.encodeMsPerFrame)} | ${cell(huddle.decodeMsPerFrame, floor.decodeMsPerFrame, r.decodeMsPerFrame)} | ${cell(huddle.sendKbpsPerLink, floor.sendKbpsPerLink, r.sendKbpsPerLink)} | ${cell(huddle.receiveKbpsPerLink, floor.receiveKbpsPerLink, r.receiveKbpsPerLink)} | ${cell(percent(huddle.cpuShare), percent(floor.cpuShare), r.cpuShare, '%')} | ${percent(huddle.audioCpuShare) ?? '–'}% (${percent(floor.audioCpuShare) ?? '–'}%) |`,
    ),
  ].join('\n');
  console.log(`\n${table}`);
  console.log(`\n${targetLines(rows, RUNS).join('\n')}`);
  console.log(JSON.stringify(report));

  mkdirSync(results, { recursive: true });
  writeFileSync(path.join(results, 'load.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Figures written to ${path.relative(process.cwd(), results)}/load.json`);
  const categories = rows.map((row) => `${row.participants} ${row.view}`);
  const panel = (title: string, unit: string, pick: (summary: Summary) => number | null) => ({
    title,
    unit,
    categories,
    series: [
      { name: 'Huddle', values: rows.map((row) => pick(row.huddle) ?? Number.NaN) },
      { name: 'floor', values: rows.map((row) => pick(row.floor) ?? Number.NaN) },
    ],
  });
  writeFileSync(
    path.join(results, 'load.svg'),
    chartSvg(
      'Rooms of 2, 4 and 6 in grid and speaker view, balanced preset, per link',
      `${RUNS} runs x ${WINDOW_MS / 1000} s, ${report.date.slice(0, 10)}; floor = bare RTCPeerConnection mesh, same browser`,
      [
        panel('Received frame rate', 'fps', (summary) => summary.receivedFps),
        panel('Slowest link frame rate', 'fps', (summary) => summary.lowestReceivedFps),
        panel('CPU share of the browser', '%', (summary) => percent(summary.cpuShare)),
        panel('Encode time per frame', 'ms', (summary) => summary.encodeMsPerFrame),
        panel('Decode time per frame', 'ms', (summary) => summary.decodeMsPerFrame),
        panel('Video sent per link', 'kbit/s', (summary) => summary.sendKbpsPerLink),
        panel('Video received per link', 'kbit/s', (summary) => summary.receiveKbpsPerLink),
      ],
    ),
  );
});

/**
 * Glass-to-glass video latency per quality preset, against the floor (a bare
 * RTCPeerConnection pair in the same browser, same run).
 *
 * The sending member's camera is a canvas painting the current time as
 * black/white cells (timestamp-code.ts); the receiving member reads it back
 * from each frame its remote tile shows and subtracts it from its own clock.
 * Both members are contexts of one browser, so one clock. The app path is
 * the real one: they meet through the headless host, the preset is picked in
 * the room's quality menu by both, and the sender publishes with the room's
 * publish button, so the capture size is the preset's.
 *
 * The floor sends the same canvas at the same size over a bare pair with the
 * browser's defaults (but holding the resolution). A calibration floor adds a
 * 150 ms jitter buffer target to the bare receiver, which shows the method
 * reads added delay as such.
 *
 * HUDDLE_BENCH_RUNS sets the runs (default 2); each run measures every preset
 * and every floor for HUDDLE_BENCH_LATENCY_WINDOW_MS (default 6000) of frames.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test, type Browser, type Page } from '@playwright/test';
import { qualityPresets, type QualityPresetName } from '../../renderer/engine/media/quality.js';
import { useHuddleHost } from '../e2e/support/fixtures.js';
import {
  closeAll,
  hostRoom,
  joinRoom,
  openMember,
  waitForState,
  type Member,
} from '../e2e/support/members.js';
import { openBlankPage } from './blank-page.js';
import { chartSvg } from './chart.js';
import {
  addLatencyTools,
  readLatency,
  replaceCameraWithTimestamp,
  resetLatency,
  startBarePair,
  waitForLatencySamples,
  watchRemoteTiles,
} from './latency-probes.js';
import { snapshotVideoCounters, windowFigures } from './link-stats.js';
import { benchRuns, mean, percentile, round } from './stats.js';

const RUNS = benchRuns(2);
const WINDOW_MS = Number(process.env.HUDDLE_BENCH_LATENCY_WINDOW_MS ?? 6000);
/** Frames read after a (re)start before the window opens: the bitrate ramps up and the buffer settles. */
const SETTLE_FRAMES = 60;
const CALIBRATION_TARGET_MS = 150;
const presetNames = Object.keys(qualityPresets) as QualityPresetName[];
const results = path.resolve(__dirname, 'results');

const host = useHuddleHost();

/** What one window of one configuration gave. */
interface LatencyWindow {
  samples: number[];
  unreadable: number;
  /** Frame size the receiver showed. */
  size: string;
  /** getStats: mean time a frame waited in the receiver's jitter buffer. */
  jitterBufferMs: number;
}

/** Measures the receiving page over one window, once its frames have settled. */
async function measureWindow(receiver: Page): Promise<LatencyWindow> {
  await resetLatency(receiver);
  await waitForLatencySamples(receiver, SETTLE_FRAMES);
  await resetLatency(receiver);
  const start = await snapshotVideoCounters(receiver);
  await receiver.waitForTimeout(WINDOW_MS);
  const probe = await readLatency(receiver);
  const figures = windowFigures(start, await snapshotVideoCounters(receiver));
  return {
    samples: probe.samples,
    unreadable: probe.unreadable,
    size: `${probe.width}x${probe.height}`,
    jitterBufferMs: mean(figures.received.map((link) => link.jitterBufferMs)),
  };
}

interface FloorConfig {
  key: string;
  width: number;
  height: number;
  jitterBufferTargetMs: number | null;
}

const floorConfigs: FloorConfig[] = [
  ...presetNames.map((name) => ({
    key: name,
    width: qualityPresets[name].capture.width,
    height: qualityPresets[name].capture.height,
    jitterBufferTargetMs: null,
  })),
  {
    key: 'calibration',
    width: qualityPresets['high-quality'].capture.width,
    height: qualityPresets['high-quality'].capture.height,
    jitterBufferTargetMs: CALIBRATION_TARGET_MS,
  },
];

async function measureFloors(browser: Browser): Promise<Record<string, LatencyWindow>> {
  const { context, page } = await openBlankPage(browser, host().url, addLatencyTools);
  try {
    const windows: Record<string, LatencyWindow> = {};
    for (const config of floorConfigs) {
      await page.evaluate(startBarePair, config);
      windows[config.key] = await measureWindow(page);
      await page.evaluate(() => (window as unknown as { __stopBarePair: () => void }).__stopBarePair());
    }
    return windows;
  } finally {
    await context.close();
  }
}

async function openLatencyMember(browser: Browser, name: string, script: () => void): Promise<Member> {
  const member = await openMember(browser, host().url, name);
  await addLatencyTools(member.page);
  await member.page.addInitScript(script);
  await member.page.reload();
  await member.page.getByTestId('name-input').fill(name);
  return member;
}

async function measureApp(browser: Browser, run: number): Promise<Record<string, LatencyWindow>> {
  const members: Member[] = [];
  try {
    const receiver = await openLatencyMember(browser, `watcher${run}`, watchRemoteTiles);
    members.push(receiver);
    const sender = await openLatencyMember(browser, `clock${run}`, replaceCameraWithTimestamp);
    members.push(sender);
    const roomId = await hostRoom(receiver, false);
    await joinRoom(sender, roomId, { publish: false });
    const windows: Record<string, LatencyWindow> = {};
    for (const name of presetNames) {
      for (const member of members) await member.page.getByTestId('quality-select').selectOption(name);
      // Publish again so the capture is made at the preset's size.
      if (await sender.page.getByTestId('unpublish-button').isVisible()) {
        await sender.page.getByTestId('unpublish-button').click();
        await waitForState(sender, 'joined');
      }
      await sender.page.getByTestId('publish-button').click();
      await waitForState(sender, 'publishing');
      windows[name] = await measureWindow(receiver.page);
    }
    return windows;
  } finally {
    await closeAll(members);
  }
}

function summary(windows: LatencyWindow[]) {
  const samples = windows.flatMap((measured) => measured.samples);
  return {
    p50Ms: round(percentile(samples, 50), 1),
    p90Ms: round(percentile(samples, 90), 1),
    framesRead: samples.length,
    framesUnreadable: windows.reduce((sum, measured) => sum + measured.unreadable, 0),
    jitterBufferMs: round(mean(windows.map((measured) => measured.jitterBufferMs)), 1),
    sizes: [...new Set(windows.map((measured) => measured.size))],
    perRun: windows.map((measured) => ({
      p50Ms: round(percentile(measured.samples, 50), 1),
      p90Ms: round(percentile(measured.samples, 90), 1),
    })),
  };
}

test('glass-to-glass latency per preset, against the floor', async ({ browser }) => {
  const floorRuns: Array<Record<string, LatencyWindow>> = [];
  const appRuns: Array<Record<string, LatencyWindow>> = [];
  for (let run = 0; run < RUNS; run++) {
    floorRuns.push(await measureFloors(browser));
    appRuns.push(await measureApp(browser, run));
  }
  const floorOf = (key: string) => summary(floorRuns.map((windows) => windows[key]!));
  const rows = presetNames.map((name) => {
    const huddle = summary(appRuns.map((windows) => windows[name]!));
    const floor = floorOf(name);
    return {
      preset: name,
      capture: `${qualityPresets[name].capture.width}x${qualityPresets[name].capture.height}`,
      jitterBufferTargetMs: qualityPresets[name].jitterBufferTargetMs,
      huddle,
      floor,
      ratioP50: round(huddle.p50Ms / floor.p50Ms, 2),
      ratioP90: round(huddle.p90Ms / floor.p90Ms, 2),
    };
  });
  const calibration = floorOf('calibration');
  const highFloor = floorOf('high-quality');
  const low = rows.find((row) => row.preset === 'low-latency')!;
  const high = rows.find((row) => row.preset === 'high-quality')!;
  const report = {
    measure:
      'glass-to-glass video latency (ms): canvas timestamp painted at the sender, read at the receiver',
    runs: RUNS,
    windowMs: WINDOW_MS,
    presets: rows,
    calibration: {
      what: `bare pair at ${highFloor.sizes.join(',')} with jitterBufferTarget ${CALIBRATION_TARGET_MS} ms on the receiver`,
      floor: calibration,
      addedP50Ms: round(calibration.p50Ms - highFloor.p50Ms, 1),
    },
    sanity: {
      what: `high-quality (jitterBufferTarget ${CALIBRATION_TARGET_MS} ms) minus low-latency (0 ms), Huddle, p50`,
      addedP50Ms: round(high.huddle.p50Ms - low.huddle.p50Ms, 1),
    },
    date: new Date().toISOString(),
  };

  const table = [
    `Glass-to-glass latency (${RUNS} runs of ${WINDOW_MS / 1000} s per preset; floor = bare RTCPeerConnection pair, same canvas and size)`,
    '',
    '| preset | capture | Huddle p50 / p90 | floor p50 / p90 | ratio p50 / p90 | frames read (unreadable) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${row.preset} | ${row.capture} | ${row.huddle.p50Ms} / ${row.huddle.p90Ms} ms | ${row.floor.p50Ms} / ${row.floor.p90Ms} ms | ${row.ratioP50}x / ${row.ratioP90}x | ${row.huddle.framesRead} (${row.huddle.framesUnreadable}) |`,
    ),
    '',
    `Calibration: a ${CALIBRATION_TARGET_MS} ms jitter buffer target on the bare receiver read +${report.calibration.addedP50Ms} ms at p50; ` +
      `Huddle's high-quality (${CALIBRATION_TARGET_MS} ms target) read +${report.sanity.addedP50Ms} ms over low-latency.`,
  ].join('\n');
  console.log(`\n${table}`);
  console.log(JSON.stringify(report));

  mkdirSync(results, { recursive: true });
  writeFileSync(path.join(results, 'latency.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(
    path.join(results, 'latency.svg'),
    chartSvg(
      'Glass-to-glass video latency',
      `${RUNS} runs x ${WINDOW_MS / 1000} s per preset, ${report.date.slice(0, 10)}; floor = bare RTCPeerConnection pair`,
      [
        {
          title: 'p50 and p90 per preset',
          unit: 'ms',
          categories: [...presetNames, 'floor+150ms'],
          series: [
            { name: 'Huddle p50', values: [...rows.map((row) => row.huddle.p50Ms), Number.NaN] },
            { name: 'Huddle p90', values: [...rows.map((row) => row.huddle.p90Ms), Number.NaN] },
            { name: 'floor p50', values: [...rows.map((row) => row.floor.p50Ms), calibration.p50Ms] },
            { name: 'floor p90', values: [...rows.map((row) => row.floor.p90Ms), calibration.p90Ms] },
          ],
        },
        {
          title: 'Huddle / floor',
          unit: 'ratio',
          categories: presetNames,
          series: [
            { name: 'p50', values: rows.map((row) => row.ratioP50) },
            { name: 'p90', values: rows.map((row) => row.ratioP90) },
          ],
        },
      ],
    ),
  );
});

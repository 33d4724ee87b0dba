/**
 * File transfer: throughput of a file between two members beside the floor,
 * a bare RTCDataChannel pair in one page of the same browser in the same run
 * carrying the same bytes with the same pacing (at most 4 MiB buffered, more
 * when it drains to 1 MiB; Huddle starts each channel at 1 MiB and lets it
 * grow to that as the receiver acknowledges, which the floor does not: see
 * FIRST_HIGH_WATER_BYTES); and how much the receiving page's memory grows
 * meanwhile. The floor is measured twice: in 64 KiB chunks (the figure
 * earlier runs were compared with) and in Huddle's own chunk size (256 KiB
 * between Chromiums), and the ratio is given against each.
 *
 * Huddle's time runs from the receiver's click on Accept to its transfer
 * showing done, so it includes dialing the transfer's own channel, the
 * acknowledgements, the SHA-256 of every byte on both sides and the check at
 * the end; the floor's runs from its first send to its last byte received.
 *
 * The receiver's memory is its JS heap (Chromium's Performance metrics over
 * CDP), sampled every 250 ms from just before Accept to done, less its value
 * before. A browser receiver assembles the file as Blobs, which Chromium
 * keeps in its blob storage, not in the page's heap (and moves to disk when
 * it grows): that storage is not in this figure.
 *
 * The floor and Huddle run as tabs of one browser whose profile is on disk,
 * as a person's browser is: a receiving page writes the file into the
 * site's storage there as it comes. The same transfer runs again with each
 * member in a private context (Playwright's usual kind, and a guest who opens
 * the invite in a private window), where the browser keeps the site's
 * storage in its own memory and every write crosses to it: that costs about
 * a quarter more CPU, and is reported apart (inPrivateWindows).
 *
 * HUDDLE_BENCH_TRANSFER_MB sets the file size (default 200); the file is
 * written under test-results/ and removed after.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { useHuddleHost } from '../e2e/support/fixtures.js';
import type { Member } from '../e2e/support/members.js';
import { CHUNK_BYTES, DRAIN_BYTES, HIGH_WATER_BYTES } from '../../renderer/engine/files/transfer-types.js';
import { bareTransfer } from './bare-channel.js';
import { openBlankPage } from './blank-page.js';
import { startCpuClock } from './cpu.js';
import { round } from './stats.js';
import { browserOnDisk, offerBetweenTwo, writeRandomFile } from './transfer-pair.js';

const SIZE_MB = Number(process.env.HUDDLE_BENCH_TRANSFER_MB ?? 200);
const SIZE = Math.round(SIZE_MB * 1024 * 1024);
const MiB = 1024 * 1024;
const results = path.resolve(__dirname, 'results');
const host = useHuddleHost();

async function heapUsed(page: Page, collect: boolean): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    if (collect) await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
  } finally {
    await cdp.detach();
  }
}

/** Ann sends Ben `file` as tabs of `where` (a profile on disk) or each in a private context of `where` (a browser). */
async function betweenTwo(where: Browser | BrowserContext, file: string) {
  const members: Member[] = [];
  try {
    const { ben, row } = await offerBetweenTwo(where, host().url, file, members);
    const baseline = await heapUsed(ben.page, true);
    let peak = baseline;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await heapUsed(ben.page, false));
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    const started = Date.now();
    const cpu = startCpuClock();
    await row.getByTestId('transfer-accept').click();
    await expect(row).toHaveAttribute('data-state', 'done', { timeout: 10 * 60_000 });
    const ms = Date.now() - started;
    const cpuSeconds = cpu();
    sampling = false;
    await sampler;
    const afterGc = await heapUsed(ben.page, true);
    return { ms, cpuSeconds, heap: { baseline, peak, afterGc } };
  } finally {
    // Tabs of a shared profile close one by one; the profile's browser closes at the end of the test.
    await Promise.all(
      members.map((member) => (member.context === where ? member.page.close() : member.context.close())),
    );
  }
}

test(`a ${SIZE_MB} MB file between two members, beside a bare data channel pair`, async ({ browser }) => {
  const onDisk = await browserOnDisk();
  const file = await writeRandomFile(`transfer-${SIZE_MB}mb.bin`, SIZE);
  try {
    const floorPage = await openBlankPage(onDisk.context, host().url);
    const pacing = { size: SIZE, high: HIGH_WATER_BYTES, low: DRAIN_BYTES };
    let cpu = startCpuClock();
    const floorMs = await floorPage.page.evaluate(bareTransfer, { ...pacing, chunkBytes: 64 * 1024 });
    const floorCpu = cpu();
    cpu = startCpuClock();
    const sameChunksMs = await floorPage.page.evaluate(bareTransfer, { ...pacing, chunkBytes: CHUNK_BYTES });
    const sameChunksCpu = cpu();
    await floorPage.page.close();

    const huddle = await betweenTwo(onDisk.context, file);
    const inPrivate = await betweenTwo(browser, file);

    const mbps = (ms: number): number => round(SIZE / MiB / (ms / 1000), 1);
    const seconds = (used: number | null): number | null => (used === null ? null : round(used, 1));
    const { baseline, peak, afterGc } = huddle.heap;
    const report = {
      sizeMiB: round(SIZE / MiB, 1),
      ratioToFloor: round(floorMs / huddle.ms, 2),
      ratioToFloorInHuddlesChunks: round(sameChunksMs / huddle.ms, 2),
      receiverMemoryGrowthMiB: round((peak - baseline) / MiB, 1),
      huddle: { ms: Math.round(huddle.ms), MiBps: mbps(huddle.ms), cpuSeconds: seconds(huddle.cpuSeconds) },
      floor: { ms: Math.round(floorMs), MiBps: mbps(floorMs), cpuSeconds: seconds(floorCpu), chunkKiB: 64 },
      floorInHuddlesChunks: {
        ms: Math.round(sameChunksMs),
        MiBps: mbps(sameChunksMs),
        cpuSeconds: seconds(sameChunksCpu),
        chunkKiB: CHUNK_BYTES / 1024,
      },
      inPrivateWindows: {
        ms: Math.round(inPrivate.ms),
        MiBps: mbps(inPrivate.ms),
        cpuSeconds: seconds(inPrivate.cpuSeconds),
        ratioToFloor: round(floorMs / inPrivate.ms, 2),
        receiverMemoryGrowthMiB: round((inPrivate.heap.peak - inPrivate.heap.baseline) / MiB, 1),
      },
      loadAverage: loadavg().map((load) => round(load, 1)),
      receiverHeapMiB: {
        before: round(baseline / MiB, 1),
        peak: round(peak / MiB, 1),
        afterDoneAndGc: round(afterGc / MiB, 1),
      },
      note: 'huddle and the floors: tabs of one browser whose profile is on disk, as a person’s is; inPrivateWindows: each member in a private context of another browser, where the site’s storage lives in the browser’s memory. Memory: JS heap of the receiving page. cpuSeconds: CPU time of every Chromium process (all cores) over each transfer, which load from other work on the machine barely moves.',
      date: new Date().toISOString(),
    };
    console.log(JSON.stringify(report, null, 2));
    mkdirSync(results, { recursive: true });
    writeFileSync(path.join(results, 'transfer.json'), `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await onDisk.close();
    await rm(file, { force: true });
  }
});

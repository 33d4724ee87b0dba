/**
 * File transfer: throughput of a file between two members beside the floor,
 * a bare RTCDataChannel pair in one page of the same browser in the same run
 * carrying the same bytes with the same pacing (at most 4 MiB buffered, more
 * when it drains to 1 MiB); and how much the receiving page's memory grows
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
 * HUDDLE_BENCH_TRANSFER_MB sets the file size (default 200); the file is
 * written under test-results/ and removed after.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { useHuddleHost } from '../e2e/support/fixtures.js';
import { closeAll, type Member } from '../e2e/support/members.js';
import { CHUNK_BYTES, DRAIN_BYTES, HIGH_WATER_BYTES } from '../../renderer/engine/files/transfer-types.js';
import { bareTransfer } from './bare-channel.js';
import { openBlankPage } from './blank-page.js';
import { startCpuClock } from './cpu.js';
import { round } from './stats.js';
import { offerBetweenTwo, writeRandomFile } from './transfer-pair.js';

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

test(`a ${SIZE_MB} MB file between two members, beside a bare data channel pair`, async ({ browser }) => {
  const floorPage = await openBlankPage(browser, host().url);
  const pacing = { size: SIZE, high: HIGH_WATER_BYTES, low: DRAIN_BYTES };
  let cpu = startCpuClock();
  const floorMs = await floorPage.page.evaluate(bareTransfer, { ...pacing, chunkBytes: 64 * 1024 });
  const floorCpu = cpu();
  cpu = startCpuClock();
  const sameChunksMs = await floorPage.page.evaluate(bareTransfer, { ...pacing, chunkBytes: CHUNK_BYTES });
  const sameChunksCpu = cpu();
  await floorPage.context.close();

  const file = await writeRandomFile(`transfer-${SIZE_MB}mb.bin`, SIZE);
  const members: Member[] = [];
  try {
    const { ben, row } = await offerBetweenTwo(browser, host().url, file, members);

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
    cpu = startCpuClock();
    await row.getByTestId('transfer-accept').click();
    await expect(row).toHaveAttribute('data-state', 'done', { timeout: 10 * 60_000 });
    const huddleMs = Date.now() - started;
    const huddleCpu = cpu();
    sampling = false;
    await sampler;
    const afterGc = await heapUsed(ben.page, true);

    const mbps = (ms: number): number => round(SIZE / MiB / (ms / 1000), 1);
    const seconds = (used: number | null): number | null => (used === null ? null : round(used, 1));
    const report = {
      sizeMiB: round(SIZE / MiB, 1),
      ratioToFloor: round(floorMs / huddleMs, 2),
      ratioToFloorInHuddlesChunks: round(sameChunksMs / huddleMs, 2),
      receiverMemoryGrowthMiB: round((peak - baseline) / MiB, 1),
      huddle: { ms: Math.round(huddleMs), MiBps: mbps(huddleMs), cpuSeconds: seconds(huddleCpu) },
      floor: { ms: Math.round(floorMs), MiBps: mbps(floorMs), cpuSeconds: seconds(floorCpu), chunkKiB: 64 },
      floorInHuddlesChunks: {
        ms: Math.round(sameChunksMs),
        MiBps: mbps(sameChunksMs),
        cpuSeconds: seconds(sameChunksCpu),
        chunkKiB: CHUNK_BYTES / 1024,
      },
      loadAverage: loadavg().map((load) => round(load, 1)),
      receiverHeapMiB: {
        before: round(baseline / MiB, 1),
        peak: round(peak / MiB, 1),
        afterDoneAndGc: round(afterGc / MiB, 1),
      },
      note: 'JS heap of the receiving page; the Blobs a browser receiver assembles live in Chromium blob storage, outside it. cpuSeconds: CPU time of every Chromium process (all cores) over each transfer, which load from other work on the machine barely moves.',
      date: new Date().toISOString(),
    };
    console.log(JSON.stringify(report, null, 2));
    mkdirSync(results, { recursive: true });
    writeFileSync(path.join(results, 'transfer.json'), `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await closeAll(members);
    await rm(file, { force: true });
  }
});

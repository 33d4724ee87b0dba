/**
 * Failover in the network lab (needs root, iproute2, nftables, coturn):
 *  - join to first remote frame, direct versus through the relay (the
 *    joiner's UDP blocked, TCP only to the host and relay), same run;
 *  - UDP cut mid-call to frames again: the stall the receiving member sees.
 * Skips with the reason printed when the lab cannot run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test, type Browser } from '@playwright/test';
import {
  closeAll,
  expectVideoPlaying,
  hostRoom,
  joinRoom,
  openMember,
  setPublishOnJoin,
  type Member,
} from '../e2e/support/members.js';
import { launchMemberBrowser, startHostInLab, type LabHost } from '../lab/lab-host.js';
import { createLab, labAvailable, type Lab } from '../lab/netns.js';
import { clickJoin, firstRemoteFrameAt, watchFirstRemoteFrame } from './first-frame.js';
import { median, round } from './stats.js';

const RUNS = Number(process.env.HUDDLE_BENCH_RUNS ?? 5);
const availability = labAvailable();
if (!availability.ok) console.log(`Skipping the failover benchmark: ${availability.reason}`);

/** Records Date.now() of every frame shown in remote tiles (same clock as the test's, one machine). */
function recordFrameTimes(): void {
  const times: number[] = [];
  (window as unknown as { __frameTimes: number[] }).__frameTimes = times;
  const watched = new WeakSet<HTMLVideoElement>();
  const watch = (video: HTMLVideoElement): void => {
    const onFrame = (): void => {
      times.push(Date.now());
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  };
  new MutationObserver(() => {
    document
      .querySelectorAll<HTMLVideoElement>('[data-testid="tile"][data-local="false"] video')
      .forEach((video) => {
        if (!watched.has(video)) {
          watched.add(video);
          watch(video);
        }
      });
  }).observe(document, { childList: true, subtree: true });
}

test.describe('failover', () => {
  test.skip(!availability.ok, availability.ok ? '' : availability.reason);

  test('join direct vs relayed, and UDP cut to frames again', async () => {
    const lab: Lab = await createLab({ members: 2 });
    const browsers: Browser[] = [];
    try {
      const host: LabHost = await startHostInLab(lab, ['--turn']);
      const [memberA, memberB] = [lab.members[0]!, lab.members[1]!];
      browsers.push(
        await launchMemberBrowser(lab, memberA, host.url),
        await launchMemberBrowser(lab, memberB, host.url),
      );
      const [browserA, browserB] = browsers as [Browser, Browser];
      const blockA = (): Promise<void> =>
        lab.restrict(memberA, {
          udp: 'block',
          tcp: {
            allowOnly: [
              { address: host.address, port: host.port },
              { address: host.address, port: host.turn!.port },
            ],
          },
        });

      const joinOnce = async (relayed: boolean, run: number): Promise<number> => {
        const members: Member[] = [];
        try {
          const b = await openMember(browserB, host.url, `b${run}`);
          const a = await openMember(browserA, host.url, `a${run}`);
          members.push(a, b);
          await a.page.addInitScript(watchFirstRemoteFrame);
          await a.page.reload();
          await a.page.getByTestId('name-input').fill(`a${run}`);
          const roomId = await hostRoom(b, true);
          if (relayed) await blockA();
          await a.page.getByTestId('mode-join').click();
          await a.page.getByTestId('room-input').fill(roomId);
          await setPublishOnJoin(a, true);
          await a.page.waitForFunction(
            () =>
              (document.querySelector('[data-testid="preview-video"]') as HTMLVideoElement)?.videoWidth > 0,
          );
          const clicked = await clickJoin(a.page);
          const frame = await firstRemoteFrameAt(a.page);
          return frame - clicked;
        } finally {
          await closeAll(members);
          await lab.unblock(memberA);
        }
      };

      const failoverOnce = async (run: number): Promise<number> => {
        const members: Member[] = [];
        try {
          const a = await openMember(browserA, host.url, `fa${run}`);
          const b = await openMember(browserB, host.url, `fb${run}`);
          members.push(a, b);
          await b.page.addInitScript(recordFrameTimes);
          await b.page.reload();
          await b.page.getByTestId('name-input').fill(`fb${run}`);
          const roomId = await hostRoom(b, false);
          await joinRoom(a, roomId, { publish: true });
          await expectVideoPlaying(b, `fa${run}`);
          const cutAt = Date.now();
          await blockA();
          // Wait until frames have flowed steadily again for a while.
          await b.page.waitForTimeout(2000);
          await expectVideoPlaying(b, `fa${run}`);
          const times = await b.page.evaluate(
            () => (window as unknown as { __frameTimes: number[] }).__frameTimes,
          );
          // The stall starts at the last frame before the cut; the answer is the
          // first frame that ends a pause of more than 300 ms after the cut.
          const firstAfter = times.findIndex((time) => time >= cutAt);
          for (let index = Math.max(1, firstAfter); firstAfter >= 0 && index < times.length; index++) {
            if (times[index]! - times[index - 1]! > 300) return times[index]! - cutAt;
          }
          return 0;
        } finally {
          await closeAll(members);
          await lab.unblock(memberA);
        }
      };

      const direct: number[] = [];
      const relayed: number[] = [];
      const failover: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        direct.push(await joinOnce(false, run));
        relayed.push(await joinOnce(true, run));
        failover.push(await failoverOnce(run));
      }
      const report = {
        runs: RUNS,
        joinToFirstFrameMs: {
          direct: { median: round(median(direct)), samples: direct.map((v) => round(v)) },
          relayedTcp: { median: round(median(relayed)), samples: relayed.map((v) => round(v)) },
          ratio: round(median(relayed) / median(direct), 2),
        },
        udpCutToFramesAgainMs: { median: round(median(failover)), samples: failover.map((v) => round(v)) },
        date: new Date().toISOString(),
      };
      console.log(`\nNetwork lab (median of ${RUNS} runs)`);
      console.log('| measure | ms |');
      console.log('|---|---|');
      console.log(`| join → first remote frame, direct | ${report.joinToFirstFrameMs.direct.median} |`);
      console.log(
        `| join → first remote frame, relayed over TCP | ${report.joinToFirstFrameMs.relayedTcp.median} (${report.joinToFirstFrameMs.ratio}x) |`,
      );
      console.log(`| UDP cut → frames again | ${report.udpCutToFramesAgainMs.median} |`);
      console.log(JSON.stringify(report));
      const results = path.resolve(__dirname, 'results');
      mkdirSync(results, { recursive: true });
      writeFileSync(path.join(results, 'failover.json'), `${JSON.stringify(report, null, 2)}\n`);
    } finally {
      await Promise.all(browsers.map((browser) => browser.close().catch(() => {})));
      await lab.close();
    }
  });
});

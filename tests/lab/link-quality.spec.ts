/**
 * The quality indicator on a degraded link, in the lab: one member's
 * namespace drops a share of the UDP it sends (nftables, at random), so the
 * other member reads loss on that member's link and grades it down, while
 * the member's own view of the other does not. Needs root, iproute2,
 * nftables and Chromium; skips with the reason printed otherwise.
 */
import { expect, test } from '@playwright/test';
import { expectVideoPlaying, hostRoom, joinRoom, tileOf } from '../e2e/support/members.js';
import { startHostInLab } from './lab-host.js';
import { labAvailable, type Lab } from './netns.js';
import { useLab } from './lab-fixture.js';

const availability = labAvailable();
if (!availability.ok) console.log(`Skipping the link quality tests: ${availability.reason}`);

/** Its own table, so it neither replaces nor is replaced by the lab's firewall. */
function randomUdpLossScript(percent: number): string {
  return `table inet huddle_loss
delete table inet huddle_loss
table inet huddle_loss {
  chain output {
    type filter hook output priority filter; policy accept;
    meta l4proto udp numgen random mod 100 < ${percent} drop
  }
}
`;
}

test.describe('link quality', () => {
  test.skip(!availability.ok, availability.ok ? '' : availability.reason);
  let lab: Lab;
  const member = useLab(2, (created) => (lab = created));

  test('a member losing 15% of what it sends reads worse than good on the other side', async () => {
    const host = await startHostInLab(lab);
    const lossy = await member(0, host, 'Lou');
    const clean = await member(1, host, 'Max');
    const roomId = await hostRoom(clean, true);
    await joinRoom(lossy, roomId, { publish: true });
    await expectVideoPlaying(clean, 'Lou');
    await expectVideoPlaying(lossy, 'Max');
    await expect(tileOf(clean, 'Lou').getByTestId('quality-indicator')).toHaveAttribute(
      'data-quality',
      'good',
    );

    await lab.exec(lab.members[0]!, 'nft', ['-f', '-'], { input: randomUdpLossScript(15) });
    const degraded = tileOf(clean, 'Lou').getByTestId('quality-indicator');
    // Retransmission (NACK/RTX) wins back most lost packets: what stays lost,
    // and what the grade reads, is about 15% of 15% — a few percent, "fair".
    await expect(degraded).toHaveAttribute('data-quality', /fair|poor/, { timeout: 20_000 });
    await expect(degraded).toHaveAttribute('title', /loss ([1-9]\d*)\.\d%/u);
    // What reaches the lossy member is untouched (only its reports back are lost): not poor.
    await expect(tileOf(lossy, 'Max').getByTestId('quality-indicator')).toHaveAttribute(
      'data-quality',
      /good|fair/,
    );

    await lab.exec(lab.members[0]!, 'nft', ['-f', '-'], {
      input: 'table inet huddle_loss\ndelete table inet huddle_loss\n',
    });
    await expect(degraded).toHaveAttribute('data-quality', 'good', { timeout: 20_000 });
  });
});

/**
 * A member as the soak drives it: a page in a browser of its own, its
 * console kept in a ring, and what the soak expects it to send (camera and
 * mic, a screen).
 */
import type { BrowserSlot, BrowserPool } from './browser-pool.js';
import { ConsoleRing, attachConsoleRing } from './console-ring.js';
import { recordPeerConnections, type Member } from '../e2e/support/members.js';

export interface SoakMember extends Member {
  slot: BrowserSlot;
  ring: ConsoleRing;
  /** What the soak expects the others to receive from it. */
  publishing: boolean;
  sharing: boolean;
  closed: boolean;
}

/** Opens the web client for `name` with the given quality preset, name filled in. */
export async function openSoakMember(
  pool: BrowserPool,
  url: string,
  name: string,
  preset: string,
  pageSize: { width: number; height: number },
): Promise<SoakMember> {
  const slot = pool.acquire();
  try {
    const context = await slot.browser.newContext({ viewport: pageSize });
    await context.addInitScript(recordPeerConnections);
    await context.addInitScript((quality) => {
      localStorage.setItem('huddle.settings', JSON.stringify({ quality }));
    }, preset);
    const page = await context.newPage();
    const ring = new ConsoleRing();
    attachConsoleRing(page, ring, name);
    await page.goto(url);
    await page.getByTestId('name-input').fill(name);
    return { name, context, page, slot, ring, publishing: false, sharing: false, closed: false };
  } catch (error) {
    pool.release(slot);
    throw error;
  }
}

/** Closes the member's context and gives its browser back. */
export async function closeSoakMember(pool: BrowserPool, member: SoakMember): Promise<void> {
  if (member.closed) return;
  member.closed = true;
  await member.context.close().catch(() => {});
  pool.release(member.slot);
}

/** A renderer crash: no bye, no pagehide; the page is simply gone. */
export async function crashSoakMember(pool: BrowserPool, member: SoakMember): Promise<void> {
  const cdp = await member.context.newCDPSession(member.page);
  const crashed = member.page.waitForEvent('crash', { timeout: 10_000 }).catch(() => {});
  void cdp.send('Page.crash').catch(() => {});
  await crashed;
  await closeSoakMember(pool, member);
}

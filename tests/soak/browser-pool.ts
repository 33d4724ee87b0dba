/**
 * A browser per member: a fixed set of Chromium processes, each lent to one
 * member at a time (in a fresh context), so every member has its own fake
 * camera as people do, without paying a browser start per join.
 */
import { chromium, type Browser } from '@playwright/test';
import { chromiumLaunchOptions, fakeCameraFps } from '../e2e/support/chromium.js';

export interface BrowserSlot {
  index: number;
  browser: Browser;
}

export class BrowserPool {
  private readonly slots: BrowserSlot[] = [];
  private readonly free: BrowserSlot[] = [];

  private constructor() {}

  /** `cameraFps`: the fake cameras' frame rate, or null for the browser's own. */
  static async launch(size: number, cameraFps: number | null = null): Promise<BrowserPool> {
    const pool = new BrowserPool();
    const options = chromiumLaunchOptions(cameraFps === null ? [] : [fakeCameraFps(cameraFps)]);
    for (let index = 0; index < size; index++) {
      const slot = { index, browser: await chromium.launch(options) };
      pool.slots.push(slot);
      pool.free.push(slot);
    }
    return pool;
  }

  acquire(): BrowserSlot {
    const slot = this.free.shift();
    if (!slot)
      throw new Error(`all ${this.slots.length} browsers are in use: a scenario opened too many members`);
    return slot;
  }

  release(slot: BrowserSlot): void {
    if (!this.free.includes(slot)) this.free.push(slot);
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.browser.close().catch(() => {})));
  }
}

/**
 * The set-up both file-transfer benchmarks share (transfer.bench.ts and
 * transfer-profile.bench.ts): a file of random bytes on disk, and two
 * members in a room, Ann offering it to Ben.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, expect, type Browser, type BrowserContext, type Locator } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/support/chromium.js';
import { hostRoom, joinRoom, openMember, type Member } from '../e2e/support/members.js';

const MiB = 1024 * 1024;

/** Writes `size` random bytes to `name` under test-results/bench; its path (the caller removes it). */
export async function writeRandomFile(name: string, size: number): Promise<string> {
  const folder = path.resolve(__dirname, '../../test-results/bench');
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, name);
  const handle = await open(file, 'w');
  try {
    for (let written = 0; written < size; written += 16 * MiB)
      await handle.write(randomBytes(Math.min(16 * MiB, size - written)));
  } finally {
    await handle.close();
  }
  return file;
}

/**
 * A browser whose profile is on disk, as a person's is: a receiving page
 * writes into the site's storage on disk there, where in a private context
 * the browser keeps that storage in its own memory. Its pages are tabs of
 * one profile; `close` ends the browser and removes the profile.
 */
export async function browserOnDisk(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'huddle-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...chromiumLaunchOptions(),
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Ann hosts a room, Ben joins it, both open the files panel, and Ann offers
 * `file` to the room, each in a context of its own or as tabs of `where`
 * when it is a context (see openMember). Both are pushed to `members` as they open (the caller
 * closes them). Resolves with Ben's row for the file, showing the offer.
 */
export async function offerBetweenTwo(
  browser: Browser | BrowserContext,
  url: string,
  file: string,
  members: Member[],
): Promise<{ ann: Member; ben: Member; row: Locator }> {
  const ann = await openMember(browser, url, 'Ann');
  members.push(ann);
  const roomId = await hostRoom(ann, false);
  const ben = await openMember(browser, url, 'Ben');
  members.push(ben);
  await joinRoom(ben, roomId);
  for (const member of [ann, ben]) await member.page.getByTestId('files-toggle').click();
  await ann.page.getByTestId('files-input').setInputFiles(file);
  const row = ben.page.locator('[data-testid="transfer"][data-direction="in"]');
  await expect(row).toHaveAttribute('data-state', 'offered');
  return { ann, ben, row };
}

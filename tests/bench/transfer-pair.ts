/**
 * The set-up both file-transfer benchmarks share (transfer.bench.ts and
 * transfer-profile.bench.ts): a file of random bytes on disk, and two
 * members in a room, Ann offering it to Ben.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { expect, type Browser, type BrowserContext, type Locator } from '@playwright/test';
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
 * Ann hosts a room, Ben joins it, both open the files panel, and Ann offers
 * `file` to the room. Both are pushed to `members` as they open (the caller
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

/**
 * The UI steps the soak takes for a member, each waiting for the state the
 * app shows when it is done (bounded by the config's expect timeout).
 */
import { expect } from '@playwright/test';
import { setPublishOnJoin, waitForState } from '../e2e/support/members.js';
import type { SoakMember } from './soak-member.js';

/** Fills the join form, so several members can then press Join at the same instant. */
export async function fillJoinForm(member: SoakMember, roomId: string, publish: boolean): Promise<void> {
  await member.page.getByTestId('mode-join').click();
  await member.page.getByTestId('room-input').fill(roomId);
  await setPublishOnJoin(member, publish);
  await member.page.getByTestId('passcode-input').fill('');
}

/** Presses Join from inside the page; returns Date.now() at the press. */
export function pressJoin(member: SoakMember): Promise<number> {
  return member.page.evaluate(() => {
    const at = Date.now();
    document.querySelector<HTMLButtonElement>('[data-testid="join-button"]')!.click();
    return at;
  });
}

export async function waitJoined(member: SoakMember, publish: boolean): Promise<void> {
  await waitForState(member, publish ? 'publishing' : 'joined');
}

export async function startSharing(member: SoakMember): Promise<void> {
  await member.page.getByTestId('share-screen-button').click();
  await expect(member.page.getByTestId('stop-sharing-button')).toBeVisible();
}

export async function stopSharing(member: SoakMember): Promise<void> {
  await member.page.getByTestId('stop-sharing-button').click();
  await expect(member.page.getByTestId('share-screen-button')).toBeVisible();
}

export async function publish(member: SoakMember): Promise<void> {
  await member.page.getByTestId('publish-button').click();
  await waitForState(member, 'publishing');
}

export async function unpublish(member: SoakMember): Promise<void> {
  await member.page.getByTestId('unpublish-button').click();
  await waitForState(member, 'joined');
}

export async function leave(member: SoakMember): Promise<void> {
  await member.page.getByTestId('leave-button').click();
  await waitForState(member, 'left');
}

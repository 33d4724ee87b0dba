/**
 * How the web client starts on the host: the page's first question (which
 * rendezvous server to join through) is answered in the page itself, which
 * the host serves with its description written in (main/host/host-page.ts):
 * no request of its own, and joining through this host is offered from the
 * form's first paint.
 */
import { expect, test } from '@playwright/test';
import { inlineHostInfoId } from '../../renderer/contract/host-bridge.js';
import { useHuddleHost } from './support/fixtures.js';

const host = useHuddleHost();

test('the page knows its host server from the page itself, asking nothing more', async ({ browser }) => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const asked: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/host-info') asked.push(request.url());
    });
    await page.goto(host().url);
    await page.getByTestId('mode-join').click();
    // The description is in use: joining through this host is offered, and chosen.
    await expect(page.getByTestId('server-this-host')).toBeEnabled();
    await expect(page.getByTestId('server-this-host')).toBeChecked();
    const written = await page.evaluate(
      (id) => document.getElementById(id)?.getAttribute('type') ?? null,
      inlineHostInfoId,
    );
    expect(written).toBe('application/json');
    expect(asked).toEqual([]);
  } finally {
    await context.close();
  }
});

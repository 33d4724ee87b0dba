/**
 * How the web client starts on the host: the page's first question (which
 * rendezvous server to join through, /api/host-info) goes out with the HTML,
 * as a preload the host names in the page's headers, and the page's own
 * request is answered from it: one request, made before the script runs.
 */
import { expect, test } from '@playwright/test';
import { useHuddleHost } from './support/fixtures.js';

const host = useHuddleHost();

test('the page asks the host for its server once, as the HTML arrives, and uses the answer', async ({
  browser,
}) => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const asked: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/host-info') asked.push(request.url());
    });
    await page.goto(host().url);
    await page.getByTestId('mode-join').click();
    // The answer is in use: joining through this host is offered.
    await expect(page.getByTestId('server-this-host')).toBeEnabled();
    const made = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((entry) => new URL(entry.name).pathname === '/api/host-info')
        .map((entry) => (entry as PerformanceResourceTiming).initiatorType),
    );
    expect(made).toEqual(['link']);
    expect(asked).toHaveLength(1);
  } finally {
    await context.close();
  }
});

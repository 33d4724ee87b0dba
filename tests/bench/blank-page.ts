import type { Browser, BrowserContext, Page } from '@playwright/test';
import { contextIn } from '../e2e/support/members.js';

/**
 * A page for a floor measurement: an empty document at the host's origin, so
 * it is a secure context (getUserMedia works) without the app's join form and
 * its camera preview using the CPU. Served by the test, not the host. In a
 * context of its own, or a new tab of `where` when that is a context.
 */
export async function openBlankPage(
  where: Browser | BrowserContext,
  hostUrl: string,
  beforeLoad: (page: Page) => Promise<void> = async () => {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await contextIn(where);
  const page = await context.newPage();
  const blank = new URL('/bench-floor', hostUrl).href;
  await page.route(blank, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>floor</title>' }),
  );
  await beforeLoad(page);
  await page.goto(blank);
  return { context, page };
}

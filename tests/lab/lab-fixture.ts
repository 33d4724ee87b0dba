/**
 * Set-up shared by the lab's test files: a fresh lab (namespaces, firewalls)
 * for each test, and a browser per member opened inside its namespace, all
 * closed after the test; when a test fails, each member's page log first.
 */
import { test, type Browser } from '@playwright/test';
import { keepPageLogsIfFailed, openMember, type Member } from '../e2e/support/members.js';
import { launchMemberBrowser, type LabHost } from './lab-host.js';
import { createLab, type Lab } from './netns.js';

/** Opens Huddle as `name` in a browser of its own inside member `index`'s namespace. */
export type OpenLabMember = (
  index: number,
  host: LabHost,
  name: string,
  browserArgs?: readonly string[],
) => Promise<Member>;

/**
 * Creates a lab of `members` member namespaces before each test (handing it
 * to `onCreated`) and closes it, with every browser opened, after the test.
 */
export function useLab(members: number, onCreated: (lab: Lab) => void): OpenLabMember {
  let lab: Lab | undefined;
  const browsers: Browser[] = [];
  const opened: Member[] = [];
  test.beforeEach(async () => {
    lab = await createLab({ members });
    onCreated(lab);
  });
  test.afterEach(async () => {
    await keepPageLogsIfFailed(opened.splice(0));
    await Promise.all(browsers.splice(0).map((browser) => browser.close().catch(() => {})));
    await lab?.close();
    lab = undefined;
  });
  return async (index, host, name, browserArgs = []) => {
    if (!lab) throw new Error('the lab has not been created');
    const browser = await launchMemberBrowser(lab, lab.members[index]!, host.url, { args: browserArgs });
    browsers.push(browser);
    const member = await openMember(browser, host.url, name);
    opened.push(member);
    return member;
  };
}

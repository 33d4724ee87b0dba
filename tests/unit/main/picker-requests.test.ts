/**
 * The IPC round trip behind the screen picker, with fake pages in place of
 * Electron's WebContents.
 */
import { describe, expect, it } from 'vitest';
import { createPickerRequests, type PickerPage } from '../../../main/screen-share/picker-requests.js';
import type { ScreenSource, ScreenSourceRequest } from '../../../renderer/contract/host-bridge.js';

const sources: ScreenSource[] = [{ id: 'screen:0:0', name: 'Entire screen', kind: 'screen', thumbnail: '' }];

function page(id: number): PickerPage & { sent: ScreenSourceRequest[] } {
  const sent: ScreenSourceRequest[] = [];
  return { id, sent, send: (request) => sent.push(request) };
}

function numberedIds(): () => string {
  let next = 0;
  return () => `request-${++next}`;
}

describe('picker requests', () => {
  it("sends the page a request and resolves with the page's answer", async () => {
    const requests = createPickerRequests(numberedIds());
    const app = page(1);
    const answer = requests.ask(app, sources, 60_000, new AbortController().signal);
    expect(app.sent).toEqual([{ requestId: 'request-1', sources, timeoutMs: 60_000 }]);
    expect(requests.answer(1, { requestId: 'request-1', sourceId: 'screen:0:0' })).toBe(true);
    expect(await answer).toBe('screen:0:0');
    // Answered once: a repeat is stale.
    expect(requests.answer(1, { requestId: 'request-1', sourceId: 'screen:0:0' })).toBe(false);
  });

  it('passes a cancel on as null', async () => {
    const requests = createPickerRequests(numberedIds());
    const answer = requests.ask(page(1), sources, 60_000, new AbortController().signal);
    expect(requests.answer(1, { requestId: 'request-1', sourceId: null })).toBe(true);
    expect(await answer).toBeNull();
  });

  it('ignores answers from another page, for unknown requests, or malformed', async () => {
    const requests = createPickerRequests(numberedIds());
    const answer = requests.ask(page(1), sources, 60_000, new AbortController().signal);
    expect(requests.answer(2, { requestId: 'request-1', sourceId: 'screen:0:0' })).toBe(false);
    expect(requests.answer(1, { requestId: 'request-9', sourceId: 'screen:0:0' })).toBe(false);
    expect(requests.answer(1, { requestId: 'request-1', sourceId: 7 })).toBe(false);
    expect(requests.answer(1, 'request-1')).toBe(false);
    expect(requests.answer(1, null)).toBe(false);
    expect(requests.answer(1, { requestId: 'request-1', sourceId: 'screen:0:0' })).toBe(true);
    expect(await answer).toBe('screen:0:0');
  });

  it('ends with null when the picker stops waiting, and a late answer is then stale', async () => {
    const requests = createPickerRequests(numberedIds());
    const timeout = new AbortController();
    const answer = requests.ask(page(1), sources, 60_000, timeout.signal);
    timeout.abort();
    expect(await answer).toBeNull();
    expect(requests.answer(1, { requestId: 'request-1', sourceId: 'screen:0:0' })).toBe(false);
  });

  it("ends a page's requests with null when it goes away, and only that page's", async () => {
    const requests = createPickerRequests(numberedIds());
    const first = requests.ask(page(1), sources, 60_000, new AbortController().signal);
    const other = requests.ask(page(2), sources, 60_000, new AbortController().signal);
    requests.forget(1);
    expect(await first).toBeNull();
    expect(requests.answer(2, { requestId: 'request-2', sourceId: 'screen:0:0' })).toBe(true);
    expect(await other).toBe('screen:0:0');
  });

  it('ends with null when the page cannot be sent to', async () => {
    const requests = createPickerRequests(numberedIds());
    const gone: PickerPage = {
      id: 1,
      send: () => {
        throw new Error('Object has been destroyed');
      },
    };
    expect(await requests.ask(gone, sources, 60_000, new AbortController().signal)).toBeNull();
  });

  it('uses unguessable request ids by default', () => {
    const requests = createPickerRequests();
    const app = page(1);
    void requests.ask(app, sources, 60_000, new AbortController().signal);
    void requests.ask(app, sources, 60_000, new AbortController().signal);
    const [first, second] = app.sent.map((request) => request.requestId);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).not.toBe(first);
    requests.forget(1);
  });
});

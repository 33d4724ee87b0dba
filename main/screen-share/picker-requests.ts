/**
 * The IPC round trip behind the screen picker: the main process sends a page
 * a ScreenSourceRequest and waits for the matching ScreenSourceAnswer.
 *
 * Requests carry a random id, and an answer counts only if it names a
 * request still waiting and comes from the page that was asked; anything
 * else (a stale answer after a timeout, another page, malformed data) is
 * ignored. A request ends with null when the picker stops waiting (its
 * signal aborts) or the page goes away.
 */
import { randomUUID } from 'node:crypto';
import type { ScreenSource, ScreenSourceRequest } from '../../renderer/contract/host-bridge.js';

/** A page that can be asked: in the app, a WebContents. */
export interface PickerPage {
  readonly id: number;
  send(request: ScreenSourceRequest): void;
}

export interface PickerRequests {
  /** Asks `page`; resolves with its answer's source id (null for cancel), never rejects. */
  ask(page: PickerPage, sources: ScreenSource[], timeoutMs: number, signal: AbortSignal): Promise<unknown>;
  /** An answer from the page with id `pageId`; true if it ended a waiting request. */
  answer(pageId: number, message: unknown): boolean;
  /** The page closed or navigated away: its waiting requests end with null. */
  forget(pageId: number): void;
}

interface Waiting {
  pageId: number;
  finish(sourceId: string | null): void;
}

function parseAnswer(message: unknown): { requestId: string; sourceId: string | null } | null {
  if (typeof message !== 'object' || message === null) return null;
  const { requestId, sourceId } = message as Record<string, unknown>;
  if (typeof requestId !== 'string') return null;
  if (sourceId !== null && typeof sourceId !== 'string') return null;
  return { requestId, sourceId };
}

export function createPickerRequests(newId: () => string = randomUUID): PickerRequests {
  const waiting = new Map<string, Waiting>();

  function ask(
    page: PickerPage,
    sources: ScreenSource[],
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<string | null> {
    return new Promise((resolve) => {
      const requestId = newId();
      const finish = (sourceId: string | null): void => {
        if (!waiting.delete(requestId)) return;
        signal.removeEventListener('abort', onAbort);
        resolve(sourceId);
      };
      const onAbort = (): void => finish(null);
      waiting.set(requestId, { pageId: page.id, finish });
      if (signal.aborted) {
        finish(null);
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        page.send({ requestId, sources, timeoutMs });
      } catch {
        // The page is already gone.
        finish(null);
      }
    });
  }

  function answer(pageId: number, message: unknown): boolean {
    const parsed = parseAnswer(message);
    const request = parsed ? waiting.get(parsed.requestId) : undefined;
    if (!parsed || !request || request.pageId !== pageId) return false;
    request.finish(parsed.sourceId);
    return true;
  }

  function forget(pageId: number): void {
    for (const request of [...waiting.values()]) {
      if (request.pageId === pageId) request.finish(null);
    }
  }

  return { ask, answer, forget };
}

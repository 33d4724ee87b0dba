/**
 * Starting one of the page's threads (the hashing thread, the storage
 * thread): create its worker and wait for its first word. A thread that says
 * it is ready is used; one that cannot be created, fails while loading, says
 * it cannot serve, or says nothing within `startMs` is let go, and the page
 * does that work by itself.
 */

/** What starting needs of a thread: a Worker, or a fake in tests. */
export interface ThreadPort<Answer> {
  onmessage: ((event: MessageEvent<Answer>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate?(): void;
}

/** What a thread's first word means: use it, let it go, or (null) not a first word; wait on. */
export type FirstWord = 'ready' | 'unavailable' | null;

/** Resolves with the thread's port once it is ready; null where it does not start. */
export function startThread<Answer, Port extends ThreadPort<Answer>>(
  create: () => Port,
  startMs: number,
  firstWord: (answer: Answer) => FirstWord,
): Promise<Port | null> {
  let port: Port;
  try {
    port = create();
  } catch {
    return Promise.resolve(null);
  }
  return new Promise((resolve) => {
    const letGo = (): void => {
      clearTimeout(timer);
      port.terminate?.();
      resolve(null);
    };
    const timer = setTimeout(letGo, startMs);
    port.onerror = letGo;
    port.onmessage = (event) => {
      const word = firstWord(event.data);
      if (word === 'unavailable') letGo();
      else if (word === 'ready') {
        clearTimeout(timer);
        resolve(port);
      }
    };
  });
}

/**
 * The main process's own words for a failed bridge call.
 *
 * When a handler in the main process throws, Electron rejects the page's
 * `ipcRenderer.invoke` with a new Error whose message is
 * "Error invoking remote method '<channel>': " followed by the thrown
 * error's toString(), i.e. "<name>: <message>". People should read only the
 * message: "Port 8765 is in use", not the plumbing around it.
 */

const remoteMethodPrefix = /^Error invoking remote method '[^']*': /;
/** The name an Error's toString() puts first: Error, TypeError, WebHostStartError, ... */
const errorNamePrefix = /^(?:[A-Za-z_$][\w$]*)?(?:Error|Exception): /;

/** The message the main process threw, without Electron's wrapping; anything else unchanged. */
export function ipcErrorMessage(message: string): string {
  const unwrapped = message.replace(remoteMethodPrefix, '');
  if (unwrapped === message) return message;
  return unwrapped.replace(errorNamePrefix, '');
}

/** The same rejection, with an Error that carries only the main process's message. */
export function readableIpcError(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  const message = ipcErrorMessage(error.message);
  return message === error.message ? error : new Error(message, { cause: error });
}

/** Calls `call` and rethrows its failure as a readable error. */
export async function withReadableErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw readableIpcError(error);
  }
}

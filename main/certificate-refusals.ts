/**
 * A refused certificate, told to the log and to the page. Without the page
 * the user saw only a join that failed for no clear reason; with it, the join
 * view names the host and both fingerprints (see renderer/stores/certificate-refusals.ts).
 *
 * Plain Node: electron-main.ts gives it the window's send, so it is
 * unit-tested without Electron.
 */
import type { CertificateRefusal } from '../renderer/contract/host-bridge.js';
import type { PinDecision } from './certificate-pinning.js';

export interface RefusalReporterOptions {
  /** Sends the refusal to the app's page; null when there is no page to tell (no window yet, or closed). */
  page(): { send(refusal: CertificateRefusal): void } | null;
  warn(message: string): void;
}

/** Returns what the certificate verify procedure calls with each decision; only refusals go anywhere. */
export function createRefusalReporter(options: RefusalReporterOptions): (decision: PinDecision) => void {
  return (decision) => {
    if (decision.verdict !== 'refuse') return;
    options.warn(decision.reason);
    const page = options.page();
    if (!page) return;
    try {
      // A fresh copy: what crosses to the page is plain data, never the pin list's own arrays.
      const { host, port, expected, got } = decision.refusal;
      page.send({ host, port, expected: [...expected], got });
    } catch (error) {
      // The page went away between the check and the send; the refusal itself stands.
      options.warn(`The page could not be told of the refused certificate: ${String(error)}`);
    }
  };
}

/**
 * A certificate refusal from the desktop app reaches the join form's error
 * line through the session store, checked by the bridge on the way.
 */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PreloadApi } from '../../../renderer/contract/host-bridge.js';
import { useSessionStore } from '../../../renderer/stores/session.js';
import { standInPreload } from '../stand-in-preload.js';

/** A preload API whose certificate refusals the test sends. */
function installPreload(
  trustCertificate: PreloadApi['trustCertificate'] = async () => {},
): (message: unknown) => void {
  const listeners = new Set<(message: unknown) => void>();
  const onCertificateRefused: PreloadApi['onCertificateRefused'] = (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  vi.stubGlobal('huddleHost', standInPreload({ trustCertificate, onCertificateRefused }));
  return (message) => listeners.forEach((listener) => listener(message));
}

describe('the session store and certificate refusals', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('shows a refusal on the join form, and ignores a malformed one', () => {
    const send = installPreload();
    const store = useSessionStore();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    send({ host: '192.168.1.5', port: 8765, expected: ['ab12'.repeat(16)], got: 'nope' });
    expect(store.error).toBeNull();
    expect(warn).toHaveBeenCalledOnce();
    send({ host: '192.168.1.5', port: 8765, expected: ['ab12'.repeat(16)], got: 'ef56'.repeat(16) });
    expect(store.error).toMatch(
      /^The host 192\.168\.1\.5:8765 presented a different certificate than the invite said \(expected AB12 AB12 .*, got EF56 EF56 .*\)\. Someone may be intercepting the connection; ask the host to check the fingerprint\.$/,
    );
    expect(store.warning).toBeNull();
  });

  it('shows the join as connecting from the click, while the certificate is being trusted', async () => {
    let refuse: (error: Error) => void = () => {};
    installPreload(() => new Promise<void>((_resolve, reject) => (refuse = reject)));
    const store = useSessionStore();
    const joining = store.join({
      name: 'Ann',
      roomId: 'maple-1',
      server: { host: '192.168.1.5', port: 8765, path: '/peerjs', key: 'huddle', secure: true },
      certificateFingerprint: 'ab12'.repeat(16),
      publishOnJoin: false,
      stream: null,
      passcode: '',
    });
    // The form is busy at once (no second click), not idle until the session exists.
    expect(store.state).toBe('connecting');
    refuse(new Error('the bridge said no'));
    expect(await joining).toBe(false);
    expect(store.state).toBe('idle');
    expect(store.error).toMatch(/^The invite's certificate fingerprint was not accepted: /);
  });
});

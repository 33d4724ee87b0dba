/**
 * A failing bridge call reaches the page as the main process's own message.
 * Electron's wrapping is rebuilt here the way its ipcRenderer.invoke builds
 * it: "Error invoking remote method '<channel>': " + String(thrown error).
 */
import { describe, expect, it } from 'vitest';
import { WebHostStartError } from '../../../main/host/web-host.js';
import { createSettingsFile } from '../../../main/settings/settings-file.js';
import { createElectronBridge } from '../../../renderer/bridge/electron-bridge.js';
import { bridgeChannels } from '../../../renderer/contract/host-bridge.js';
import { ipcErrorMessage, readableIpcError } from '../../../renderer/bridge/ipc-error.js';
import { standInPreload } from '../stand-in-preload.js';

/** What the page's invoke rejects with when the main process's handler threw `thrown`. */
function asElectronRejects(channel: string, thrown: unknown): Error {
  return new Error(`Error invoking remote method '${channel}': ${String(thrown)}`);
}

describe('ipcErrorMessage', () => {
  it("keeps only the main process's message", () => {
    const thrown = new WebHostStartError('address-in-use', 'Port 8765 is in use by another program.');
    const rejected = asElectronRejects(bridgeChannels.startHosting, thrown);
    expect(rejected.message).toBe(
      "Error invoking remote method 'huddle:start-hosting': WebHostStartError: Port 8765 is in use by another program.",
    );
    expect(ipcErrorMessage(rejected.message)).toBe('Port 8765 is in use by another program.');
  });

  it('removes one error name only, and keeps colons that belong to the message', () => {
    const refused = new Error('Refused: this request did not come from the Huddle page.');
    expect(ipcErrorMessage(asElectronRejects(bridgeChannels.getHostInfo, refused).message)).toBe(
      'Refused: this request did not come from the Huddle page.',
    );
    expect(ipcErrorMessage(asElectronRejects('huddle:x', new TypeError('Error: nested')).message)).toBe(
      'Error: nested',
    );
  });

  it('keeps a thrown non-error as it was said', () => {
    expect(ipcErrorMessage(asElectronRejects('huddle:x', 'Port busy: 8765').message)).toBe('Port busy: 8765');
  });

  it('leaves messages that Electron did not wrap alone', () => {
    expect(ipcErrorMessage('TypeError: Failed to fetch')).toBe('TypeError: Failed to fetch');
    expect(ipcErrorMessage('Could not start hosting')).toBe('Could not start hosting');
  });

  it('turns a rejection into an error with that message, keeping the original as its cause', () => {
    const original = asElectronRejects('huddle:x', new Error('Disk full.'));
    const readable = readableIpcError(original);
    expect(readable.message).toBe('Disk full.');
    expect(readable.cause).toBe(original);
    const plain = new Error('already plain');
    expect(readableIpcError(plain)).toBe(plain);
    expect(readableIpcError('text').message).toBe('text');
  });
});

describe('the Electron bridge', () => {
  it("rejects with the main process's message from every call", async () => {
    const settingsProblem = await createSettingsFile('/nonexistent/settings.json')
      .save({ version: 1, quality: 'no such preset' })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(settingsProblem).toBeInstanceOf(Error);
    const failing = (channel: string, thrown: unknown) => () =>
      Promise.reject(asElectronRejects(channel, thrown));
    const api = standInPreload({
      getHostInfo: failing(bridgeChannels.getHostInfo, new Error('Refused: not the Huddle page.')),
      startHosting: failing(
        bridgeChannels.startHosting,
        new WebHostStartError('address-in-use', 'Port in use.'),
      ),
      stopHosting: failing(bridgeChannels.stopHosting, new Error('Already stopping.')),
      loadSettings: failing(bridgeChannels.loadSettings, new Error('Unreadable.')),
      saveSettings: failing(bridgeChannels.saveSettings, settingsProblem),
    });
    const bridge = createElectronBridge(api);
    await expect(bridge.getHostInfo()).rejects.toThrow(/^Refused: not the Huddle page\.$/);
    await expect(bridge.startHosting()).rejects.toThrow(/^Port in use\.$/);
    await expect(bridge.stopHosting()).rejects.toThrow(/^Already stopping\.$/);
    await expect(bridge.loadSettings()).rejects.toThrow(/^Unreadable\.$/);
    const saving = bridge.saveSettings({
      version: 1,
      quality: 'balanced',
      cameraId: null,
      microphoneId: null,
      speakerId: null,
      name: '',
      layout: 'grid',
    });
    await expect(saving).rejects.toThrow((settingsProblem as Error).message);
    await expect(saving).rejects.not.toThrow(/Error invoking|Error: /);
  });
});

/**
 * huddle:// links and the single-instance hand-off, with a stand-in for
 * Electron's `app`: the lock, the link a launch carries, a second launch's
 * link handed to the running window, macOS's open-url, and hostile links.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { deliveryFor, linkInArgv, startAppLinks, type AppLike } from '../../../main/app-links.js';

const link = 'huddle://join?server=https%3A%2F%2F192.168.1.5%3A8765&room=maple-1';
const other = 'huddle://join?server=http%3A%2F%2F10.0.0.7%3A8765&room=fern-2';

/** Electron's app as far as app-links.ts uses it; `emit` plays the system. */
class FakeApp extends EventEmitter implements AppLike {
  quit = vi.fn();
  setAsDefaultProtocolClient = vi.fn((_protocol: string) => this.registers);
  constructor(
    private readonly locked: boolean,
    private readonly registers = true,
  ) {
    super();
  }
  requestSingleInstanceLock(): boolean {
    return this.locked;
  }
}

function start(app: FakeApp, argv: string[] = ['/opt/Huddle/huddle'], register = true) {
  const focusWindow = vi.fn();
  const notifyPage = vi.fn();
  const log = vi.fn();
  const links = startAppLinks({ app, argv, register, focusWindow, notifyPage, log });
  return { links, focusWindow, notifyPage, log };
}

describe('linkInArgv', () => {
  it('finds the huddle: link among the arguments Electron and the system add', () => {
    expect(linkInArgv(['/opt/Huddle/huddle', '--no-sandbox', link])).toBe(link);
    expect(linkInArgv(['huddle.exe', '--allow-file-access-from-files', link.toUpperCase()])).toBe(
      link.toUpperCase(),
    );
    expect(linkInArgv(['/opt/Huddle/huddle', '--flag', 'https://h/?room=a'])).toBeNull();
    expect(linkInArgv([])).toBeNull();
  });
});

describe('deliveryFor', () => {
  it('passes a valid link and says why another is refused', () => {
    expect(deliveryFor(link)).toEqual({ link });
    expect(deliveryFor('huddle://join?server=javascript%3Aalert(1)&room=a')).toEqual({
      error: 'its server is not an https: or http: address',
    });
    expect(deliveryFor(`${link}&autojoin=1`)).toEqual({
      error: 'it has a part Huddle does not know ("autojoin")',
    });
  });
});

describe('startAppLinks', () => {
  it('in the first instance: takes the lock, registers huddle:, and keeps the launch link for the page', () => {
    const app = new FakeApp(true);
    const { links, notifyPage } = start(app, ['/opt/Huddle/huddle', link]);
    expect(links.primary).toBe(true);
    expect(app.quit).not.toHaveBeenCalled();
    expect(app.setAsDefaultProtocolClient).toHaveBeenCalledWith('huddle');
    // The page was not there yet to be told; it takes the link when it starts listening.
    expect(notifyPage).not.toHaveBeenCalled();
    expect(links.take()).toEqual({ link });
    expect(links.take()).toBeNull();
  });

  it('in a second instance: quits, registering and keeping nothing (Electron hands its arguments over)', () => {
    const app = new FakeApp(false);
    const { links } = start(app, ['/opt/Huddle/huddle', link]);
    expect(links.primary).toBe(false);
    expect(app.quit).toHaveBeenCalledOnce();
    expect(app.setAsDefaultProtocolClient).not.toHaveBeenCalled();
    expect(app.listenerCount('second-instance')).toBe(0);
    expect(links.take()).toBeNull();
  });

  it("hands a second launch's link to the running window and brings it forward", () => {
    const app = new FakeApp(true);
    const { links, focusWindow, notifyPage } = start(app);
    expect(links.take()).toBeNull();
    app.emit('second-instance', {}, ['/opt/Huddle/huddle', '--no-sandbox', link], '/home/ada');
    expect(focusWindow).toHaveBeenCalledOnce();
    expect(notifyPage).toHaveBeenCalledOnce();
    expect(links.take()).toEqual({ link });
  });

  it('brings the window forward for a second launch without a link, telling the page nothing', () => {
    const app = new FakeApp(true);
    const { links, focusWindow, notifyPage } = start(app);
    app.emit('second-instance', {}, ['/opt/Huddle/huddle'], '/home/ada');
    expect(focusWindow).toHaveBeenCalledOnce();
    expect(notifyPage).not.toHaveBeenCalled();
    expect(links.take()).toBeNull();
  });

  it("takes macOS's open-url, stopping the system's own handling", () => {
    const app = new FakeApp(true);
    const { links, focusWindow, notifyPage } = start(app);
    const event = { preventDefault: vi.fn() };
    app.emit('open-url', event, link);
    expect(event.preventDefault).toHaveBeenCalledOnce();
    expect(focusWindow).toHaveBeenCalledOnce();
    expect(notifyPage).toHaveBeenCalledOnce();
    expect(links.take()).toEqual({ link });
  });

  it('keeps only the newest link when several come before the page takes one', () => {
    const app = new FakeApp(true);
    const { links } = start(app, ['/opt/Huddle/huddle', link]);
    app.emit('open-url', { preventDefault: () => {} }, other);
    expect(links.take()).toEqual({ link: other });
    expect(links.take()).toBeNull();
  });

  it('hands the page the reason for a hostile link, never the link', () => {
    const app = new FakeApp(true);
    const { links } = start(app);
    for (const hostile of [
      'huddle://join?server=https%3A%2F%2Fh%3A1&room=a&passcode=1234',
      `huddle://join?server=https%3A%2F%2Fh%3A1&room=${'a'.repeat(5000)}`,
      'huddle://settings?reset=1',
      'huddle://join?server=https%3A%2F%2Fh%3A1&room=a&fp=not-a-fingerprint',
    ]) {
      app.emit('second-instance', {}, ['huddle', hostile], '/');
      const taken = links.take();
      expect(taken).toHaveProperty('error');
      expect(taken).not.toHaveProperty('link');
    }
  });

  it('does not register in a development run, and says so when the system refuses', () => {
    const development = new FakeApp(true);
    start(development, ['electron', '.'], false);
    expect(development.setAsDefaultProtocolClient).not.toHaveBeenCalled();
    const refusing = new FakeApp(true, false);
    const { log, links } = start(refusing);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/could not make itself the handler/));
    expect(links.primary).toBe(true);
  });
});

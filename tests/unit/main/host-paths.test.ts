/** Where `npm run host` keeps its certificate on each platform. */
import { describe, expect, it } from 'vitest';
import { defaultHostDataDir } from '../../../main/host/host-paths.js';

describe('defaultHostDataDir', () => {
  it('is the desktop app’s user-data folder on each platform', () => {
    expect(defaultHostDataDir({}, 'linux', '/home/ada')).toBe('/home/ada/.config/Huddle');
    expect(defaultHostDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/ada')).toBe('/cfg/Huddle');
    expect(defaultHostDataDir({}, 'darwin', '/Users/ada')).toBe(
      '/Users/ada/Library/Application Support/Huddle',
    );
    expect(
      defaultHostDataDir({ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ada'),
    ).toBe('C:\\Users\\ada\\AppData\\Roaming\\Huddle');
  });

  it('ignores a relative XDG_CONFIG_HOME, as the XDG spec says', () => {
    expect(defaultHostDataDir({ XDG_CONFIG_HOME: 'cfg' }, 'linux', '/home/ada')).toBe(
      '/home/ada/.config/Huddle',
    );
  });
});

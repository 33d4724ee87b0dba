/**
 * The host's description written into the page it serves: found where the
 * page's script looks, read back exactly, and unable to end its element or
 * start markup whatever the values hold.
 */
import { describe, expect, it } from 'vitest';
import { jsonForHtml, pageWithHostInfo } from '../../../main/host/host-page.js';
import { inlineHostInfoId, type HostInfo } from '../../../renderer/contract/host-bridge.js';

const info: HostInfo = {
  kind: 'browser',
  appVersion: '1.2.3',
  hosted: {
    server: { host: '192.168.1.5', port: 8765, path: '/peerjs', key: 'k3y', secure: false },
    lanUrls: ['http://192.168.1.5:8765/'],
    certificateFingerprint: null,
  },
};

/** What a browser's parser would hand the page's script: the element's text, up to the first `</script`. */
function elementText(page: string): string {
  const start = page.indexOf(`id="${inlineHostInfoId}">`) + `id="${inlineHostInfoId}">`.length;
  return page.slice(start, page.toLowerCase().indexOf('</script', start));
}

describe('the page with the host description', () => {
  it('puts it in a JSON data block at the end of the head', () => {
    const page = pageWithHostInfo('<html><head><title>Huddle</title></head><body></body></html>', info);
    expect(page).toMatch(
      new RegExp(
        `<title>Huddle</title><script type="application/json" id="${inlineHostInfoId}">.*</script></head>`,
      ),
    );
    expect(JSON.parse(elementText(page))).toEqual(info);
  });

  it('puts it first in a page without a head', () => {
    const page = pageWithHostInfo('<!doctype html><title>Huddle</title>', info);
    expect(page.startsWith('<script type="application/json"')).toBe(true);
    expect(JSON.parse(elementText(page))).toEqual(info);
  });

  it('cannot be ended or turned into markup by what the values hold', () => {
    const hostile = '</script><script>alert(1)</script><!-- & \u2028';
    const tricky: HostInfo = { ...info, appVersion: hostile };
    const page = pageWithHostInfo('<head></head>', tricky);
    const text = elementText(page);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect((JSON.parse(text) as HostInfo).appVersion).toBe(hostile);
    expect(jsonForHtml('<>&')).toBe('"\\u003c\\u003e\\u0026"');
  });
});

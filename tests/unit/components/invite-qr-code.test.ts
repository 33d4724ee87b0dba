/**
 * The invite's QR code as the room view renders it: the component is rendered
 * to markup with Vue's server renderer (no DOM needed), and the SVG path in
 * that markup is decoded back to the text the component was given.
 */
import { describe, expect, it } from 'vitest';
import { createSSRApp, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import InviteQrCode from '../../../renderer/components/InviteQrCode.vue';
import { QUIET_ZONE } from '../../../renderer/engine/qr-code.js';
import { decodeModules, modulesFromSvgPath } from '../engine/qr-decode.js';

async function render(text: string): Promise<string> {
  return renderToString(createSSRApp({ render: () => h(InviteQrCode, { text }) }));
}

/** The text the QR code in this markup holds, read by a decoder. */
function decodeMarkup(html: string): string | null {
  const viewBox = /viewBox="0 0 (\d+) \1"/.exec(html);
  const d = /<path d="([^"]*)"/.exec(html);
  if (!viewBox || !d) return null;
  const size = Number(viewBox[1]) - 2 * QUIET_ZONE;
  return decodeModules(modulesFromSvgPath(d[1] ?? '', size));
}

describe('InviteQrCode', () => {
  it('draws the invite it was given', async () => {
    const invite = `https://192.168.1.5:8765/?room=maple-comet-4821&key=Kq2x9abcDEF12345&fp=${'ab'.repeat(32)}`;
    const html = await render(invite);
    expect(decodeMarkup(html)).toBe(invite);
    const other = 'http://10.0.0.7:8765/?room=fern-2';
    expect(decodeMarkup(await render(other))).toBe(other);
  });

  it('shows markup in the invite as text only', async () => {
    const hostile = 'https://h:1/?room=<img src=x onerror=alert(1)>';
    const html = await render(hostile);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img');
    expect(decodeMarkup(html)).toBe(hostile);
  });

  it('says so instead of drawing what a QR code should not hold', async () => {
    const html = await render(`https://h:1/?room=${'a'.repeat(2000)}`);
    expect(html).not.toContain('<svg');
    expect(html).toContain('too long for a QR code');
  });
});

/** The page plain HTTP gets on the HTTPS port: where it points, and that nothing in the request can inject into it. */
import { describe, expect, it } from 'vitest';
import { httpsAddress, httpsRedirectAnswer } from '../../../main/host/https-redirect.js';

const fingerprint = '3f2a91c0'.repeat(8);

describe('httpsAddress', () => {
  it('keeps the name the browser used and the request target, on the listening port', () => {
    expect(httpsAddress({ host: '192.168.1.5:8765', url: '/?room=maple-1' }, 8765)).toBe(
      'https://192.168.1.5:8765/?room=maple-1',
    );
    expect(httpsAddress({ host: 'huddle.test', url: '/' }, 8765)).toBe('https://huddle.test:8765/');
    expect(httpsAddress({ host: '[fd00::2]:8765', url: undefined }, 8765)).toBe('https://[fd00::2]:8765/');
    expect(httpsAddress({ host: 'huddle.test', url: '/x' }, 443)).toBe('https://huddle.test/x');
  });

  it.each([
    ['//evil.example/x', 'https://huddle.test:8765/'],
    ['http://evil.example/', 'https://huddle.test:8765/'],
    ['/a b', 'https://huddle.test:8765/'],
    [`/${'x'.repeat(3000)}`, 'https://huddle.test:8765/'],
  ])('sends an odd target %s to the start page', (url, expected) => {
    expect(httpsAddress({ host: 'huddle.test:8765', url }, 8765)).toBe(expected);
  });

  it.each([undefined, '', 'evil.example/x', 'a b', 'x:99999', '<script>'])('refuses Host %j', (host) => {
    expect(httpsAddress({ host, url: '/' }, 8765)).toBeNull();
  });
});

describe('httpsRedirectAnswer', () => {
  it('is a page with the HTTPS link and the fingerprint in groups of four, with no script allowed', () => {
    const answer = httpsRedirectAnswer(
      { host: 'huddle.test:8765', url: '/?room=a&key=b' },
      8765,
      fingerprint,
    );
    expect(answer.status).toBe(200);
    expect(answer.headers['Content-Security-Policy']).toBe(
      "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(answer.body).toContain('href="https://huddle.test:8765/?room=a&#38;key=b"');
    expect(answer.body).toContain(`<code id="fingerprint">${'3F2A 91C0 '.repeat(8).trim()}</code>`);
    expect(answer.body).not.toContain('<script');
  });

  it('escapes what the request put in the link', () => {
    const answer = httpsRedirectAnswer(
      { host: 'h:8765', url: '/"><script>alert(1)</script>' },
      8765,
      fingerprint,
    );
    expect(answer.body).not.toContain('<script>');
    expect(answer.body).toContain('&#34;&#62;&#60;script&#62;');
  });

  it('answers a bad Host header with 400 and no page', () => {
    const answer = httpsRedirectAnswer({ host: undefined, url: '/' }, 8765, fingerprint);
    expect(answer.status).toBe(400);
    expect(answer.body).toBe('Bad Host header');
  });
});

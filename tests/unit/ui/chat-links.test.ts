import { describe, expect, it } from 'vitest';
import { linkify, webHref } from '../../../renderer/components/chat-links.js';

describe('links in chat messages', () => {
  it('makes http and https addresses links, and keeps the rest as text', () => {
    expect(linkify('See https://example.org/a?b=1#c, or http://10.0.0.2:9000/.')).toEqual([
      { text: 'See ', href: null },
      { text: 'https://example.org/a?b=1#c', href: 'https://example.org/a?b=1#c' },
      { text: ', or ', href: null },
      { text: 'http://10.0.0.2:9000/', href: 'http://10.0.0.2:9000/' },
      { text: '.', href: null },
    ]);
  });

  it('leaves markup as text, and never links another scheme', () => {
    const markup = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    expect(linkify(markup)).toEqual([{ text: markup, href: null }]);
    for (const text of [
      'javascript:alert(1)',
      'data:text/html,<b>x</b>',
      'file:///etc/passwd',
      'ftp://x.org',
    ]) {
      expect(linkify(text)).toEqual([{ text, href: null }]);
    }
    expect(webHref('javascript:alert(1)')).toBeNull();
    // An address stops at markup, so none of it rides along into the link.
    expect(linkify('https://x.org/<script>')).toEqual([
      { text: 'https://x.org/', href: 'https://x.org/' },
      { text: '<script>', href: null },
    ]);
  });

  it('reads the scheme in any case, and gives the normalised address', () => {
    expect(linkify('HTTPS://Example.ORG')).toEqual([
      { text: 'HTTPS://Example.ORG', href: 'https://example.org/' },
    ]);
  });

  it('keeps an empty message empty, and white space as it was', () => {
    expect(linkify('')).toEqual([]);
    expect(linkify('a\n  b')).toEqual([{ text: 'a\n  b', href: null }]);
  });
});

/**
 * Splits a chat message into plain text and web links, so the panel can
 * make http(s) addresses clickable while everything else, markup included,
 * stays text (the template interpolates each part; nothing is parsed as
 * HTML). Only http: and https: become links: never javascript:, data:,
 * file: or anything else a message might hold.
 */
export interface TextPart {
  text: string;
  /** The address to open, for a web link; null for plain text. */
  href: string | null;
}

/** An address as people paste it: a scheme, then anything up to white space or markup. */
const WEB_ADDRESS = /\bhttps?:\/\/[^\s<>"]+/giu;
/** Punctuation that ends a sentence rather than an address ("see https://x.org."). */
const TRAILING = /[.,;:!?'")\]}]+$/u;

/** The link target for `text`, if it is a well-formed http(s) address. */
export function webHref(text: string): string | null {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let plain = 0;
  for (const match of text.matchAll(WEB_ADDRESS)) {
    const address = match[0].replace(TRAILING, '');
    const href = webHref(address);
    if (!href) continue;
    const start = match.index;
    if (start > plain) parts.push({ text: text.slice(plain, start), href: null });
    parts.push({ text: address, href });
    plain = start + address.length;
  }
  if (plain < text.length) parts.push({ text: text.slice(plain), href: null });
  return parts;
}

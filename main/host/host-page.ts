/**
 * The web client's page as the host serves it: index.html with the host's
 * description (what `/api/host-info` answers) written into it as a JSON data
 * block. The page reads it with its first script; asking for it instead cost
 * a guest about 80 ms between opening the page and being able to join, the
 * answer waiting behind the page's own start-up work.
 *
 * The block is data (`type="application/json"`), which no browser runs, so
 * the content security policy's `script-src 'self'` still holds. The JSON is
 * escaped so that nothing in it can end the element: `<`, `>`, `&` and the
 * two line separators U+2028 and U+2029 are written as \u escapes, which
 * JSON.parse reads back as the same characters.
 */
import { inlineHostInfoId, type HostInfo } from '../../renderer/contract/host-bridge.js';

/** JSON text that is safe between `<script>` and `</script>`. */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (character) => {
    return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** `template` (index.html) with `info` written in before `</head>`, or first in the page when it has none. */
export function pageWithHostInfo(template: string, info: HostInfo): string {
  const block = `<script type="application/json" id="${inlineHostInfoId}">${jsonForHtml(info)}</script>`;
  const headEnd = template.search(/<\/head>/i);
  if (headEnd === -1) return `${block}${template}`;
  return `${template.slice(0, headEnd)}${block}${template.slice(headEnd)}`;
}

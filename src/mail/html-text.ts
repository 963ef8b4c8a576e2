// HTML → plain text, for the pager and for the index (links kept, images dropped, no wrapping).
import { convert } from 'html-to-text';

/**
 * Elements nested deeper are left out (shown as "..."): html-to-text walks the tree recursively and
 * overflowed the stack at ~2,000–3,000 levels, which lost the whole message. Mail nests tables a
 * few dozen levels at most.
 */
export const HTML_MAX_DEPTH = 500;

export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    limits: { maxDepth: HTML_MAX_DEPTH },
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    ],
  });
}

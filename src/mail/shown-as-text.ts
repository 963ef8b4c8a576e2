// One decision, for the pager and the index alike, of which leaf parts are text to read and which
// are attachments.

/** What mailparser shows as text (its textTypes), and text/enriched, which mutt and notmuch show. */
const TEXT_TYPES = ['text/plain', 'text/html', 'text/enriched', 'message/delivery-status'];

/**
 * A leaf part of one of TEXT_TYPES, inline or without a disposition, is text: a file name does not
 * make it an attachment (mailparser shows it in the body). Any other disposition makes it one.
 * `mime` and `disposition` are lower-case values without parameters.
 */
export function isShownAsText(mime: string, disposition: string | undefined): boolean {
  return TEXT_TYPES.includes(mime) && (!disposition || disposition === 'inline');
}

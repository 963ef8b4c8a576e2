// Message-ID extraction used to re-match stored files after a UIDVALIDITY change.

/** The Message-ID value from raw header bytes (unfolded, trimmed), or null. */
export function parseMessageIdHeader(headers: Buffer | undefined): string | null {
  if (!headers) return null;
  const head = headers.subarray(0, headerEnd(headers)).toString('latin1');
  const match = /^message-id:[ \t]*((?:.|\r?\n[ \t])*)/im.exec(head);
  const value = match?.[1]?.replace(/\r?\n[ \t]/g, ' ').trim();
  return value ? value : null;
}

/** Where the header ends (first empty line), or the whole buffer for a header with no body. */
function headerEnd(raw: Buffer): number {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const ends = [crlf, lf].filter((i) => i >= 0);
  return ends.length > 0 ? Math.min(...ends) : raw.length;
}

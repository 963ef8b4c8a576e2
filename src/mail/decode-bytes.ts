// Bytes whose charset is unknown → text, as mutt and search read them.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes of unknown charset → string: UTF-8 if it is valid, else Latin-1 (never throws). */
export function decodeBytes(buf: Buffer): string {
  try {
    return utf8.decode(buf);
  } catch {
    return buf.toString('latin1');
  }
}

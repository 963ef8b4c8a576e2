// Bytes whose charset is unknown → text, as mutt and search read them.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * What Windows-1252 has at 0x80–0x9F (curly quotes, dashes, €, Œ …), where Latin-1 has C1 control
 * codes no text uses; its five unassigned bytes stay those codes, as the WHATWG decoder reads them.
 * Node 20's TextDecoder('windows-1252') decodes those bytes as Latin-1.
 */
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const C1 = /[\u0080-\u009f]/g;

/**
 * Bytes of unknown charset → string: UTF-8 if it is valid, else Windows-1252 (never throws). Mail
 * that is not UTF-8 and names no charset is mostly Windows-1252 (Outlook's raw 8-bit headers, `’`
 * and `–` in them): read as Latin-1 those became control codes, which the screen drops.
 */
export function decodeBytes(buf: Buffer): string {
  try {
    return utf8.decode(buf);
  } catch {
    return buf.toString('latin1').replace(C1, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]!);
  }
}

// Bytes whose charset is unknown → text, as mutt and search read them.
import { utf8SequenceLength } from '../text/utf8-sequence.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * What Windows-1252 has at 0x80–0x9F (curly quotes, dashes, €, Œ …), where Latin-1 has C1 control
 * codes no text uses; its five unassigned bytes stay those codes, as the WHATWG decoder reads them.
 * Node 20's TextDecoder('windows-1252') decodes those bytes as Latin-1.
 */
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Bytes of unknown charset, or UTF-8 with stray bytes → string (never throws): UTF-8 where it is
 * valid, each other byte as Windows-1252. Mail that is not UTF-8 and names no charset is mostly
 * Windows-1252 (Outlook's raw 8-bit headers, `’` and `–` in them): read as Latin-1 those became
 * control codes, which the screen drops. A UTF-8 part quoting a Latin-1 'café' kept the é only so
 * (notmuch drops the byte, a plain UTF-8 decoder shows U+FFFD), and its UTF-8 text stays UTF-8.
 */
export function decodeBytes(buf: Buffer): string {
  try {
    return utf8.decode(buf);
  } catch {
    let out = '';
    let valid = 0;
    for (let at = 0; at < buf.length;) {
      const length = utf8SequenceLength(buf, at);
      if (length > 0) {
        at += length;
        continue;
      }
      out += buf.toString('utf8', valid, at) + windows1252(buf[at]!);
      valid = at += 1;
    }
    return out + buf.toString('utf8', valid);
  }
}

function windows1252(byte: number): string {
  return byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_C1[byte - 0x80]! : String.fromCharCode(byte);
}

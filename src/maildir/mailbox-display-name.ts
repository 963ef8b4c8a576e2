// Folder names as people wrote them. isync 1.4 keeps IMAP's modified UTF-7 on disk
// (`Archive/Z&APw-rich`); a name that is exactly such an encoding is shown (and restored) decoded,
// any other name (mailkeep's own folders, `Tom & Jerry`) as it is.
import { decodeMailboxName, encodeMailboxName } from '../text/mutf7.js';

export function mailboxDisplayName(name: string): string {
  if (!name.includes('&') || !/^[\x20-\x7e]*$/.test(name)) return name;
  const decoded = decodeMailboxName(name);
  // Only an exact round trip proves the name was encoded and not merely containing `&`.
  return encodeMailboxName(decoded) === name ? decoded : name;
}

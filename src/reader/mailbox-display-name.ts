// Folder names as people wrote them. isync 1.4 keeps IMAP's modified UTF-7 on disk
// (`Archive/Z&APw-rich`); a name that is exactly such an encoding is shown decoded, any other
// name (mailkeep's own folders, `Tom & Jerry`) as it is.
import { encodeModifiedUtf7 } from '../maildir/mbsync-state.js';

function decodeModifiedUtf7(name: string): string {
  return name.replace(/&([A-Za-z0-9+,]*)-/g, (_, b64: string) => {
    if (b64 === '') return '&';
    const bytes = Buffer.from(b64.replaceAll(',', '/'), 'base64');
    let text = '';
    for (let i = 0; i + 1 < bytes.length; i += 2) text += String.fromCharCode(bytes.readUInt16BE(i));
    return text;
  });
}

export function mailboxDisplayName(name: string): string {
  if (!name.includes('&') || !/^[\x20-\x7e]*$/.test(name)) return name;
  const decoded = decodeModifiedUtf7(name);
  // Only an exact round trip proves the name was encoded and not merely containing `&`.
  return encodeModifiedUtf7(decoded) === name ? decoded : name;
}

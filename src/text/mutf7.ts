// IMAP's modified UTF-7 for mailbox names (RFC 3501 §5.1.3): printable ASCII as is, `&` as `&-`,
// anything else as `&` + base64 (`,` for `/`, no padding) of UTF-16BE + `-`.

const LONE_SURROGATE = /\p{Cs}/u;

/** Decodes a mailbox name; a name that is not valid modified UTF-7 is returned unchanged. */
export function decodeMailboxName(wire: string): string {
  if (!wire.includes('&')) return wire;
  let out = '';
  for (let at = 0; at < wire.length;) {
    const amp = wire.indexOf('&', at);
    if (amp === -1) {
      out += wire.slice(at);
      break;
    }
    out += wire.slice(at, amp);
    const dash = wire.indexOf('-', amp + 1);
    if (dash === -1) return wire;
    const encoded = wire.slice(amp + 1, dash);
    if (encoded === '') out += '&';
    else {
      if (!/^[A-Za-z0-9+,]+$/.test(encoded)) return wire;
      const bytes = Buffer.from(encoded.replaceAll(',', '/'), 'base64');
      if (bytes.length % 2 !== 0 || bytes.length === 0) return wire;
      const run = bytes.swap16().toString('utf16le');
      // A lone surrogate would become U+FFFD on disk: the name could not be mapped back.
      if (LONE_SURROGATE.test(run)) return wire;
      out += run;
    }
    at = dash + 1;
  }
  return out;
}

export function encodeMailboxName(name: string): string {
  let out = '';
  let pending = '';
  const flush = () => {
    if (pending === '') return;
    const bytes = Buffer.from(pending, 'utf16le').swap16();
    out += `&${bytes.toString('base64').replace(/=+$/, '').replaceAll('/', ',')}-`;
    pending = '';
  };
  for (const char of name) {
    const code = char.codePointAt(0)!;
    if (code >= 0x20 && code <= 0x7e) {
      flush();
      out += char === '&' ? '&-' : char;
    } else {
      pending += char;
    }
  }
  flush();
  return out;
}

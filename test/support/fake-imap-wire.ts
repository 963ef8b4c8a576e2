// How the fake IMAP server reads its commands' arguments and writes FETCH answers, in the shapes
// a profile asks for (fake-imap.ts).
import type { FakeMessage, FakeProfile } from './fake-imap-types.js';

const ATOM_OR_QUOTED = /^(?:"((?:[^"\\]|\\.)*)"|([^\s()]+))/;

function unquote(text: string): string {
  const m = ATOM_OR_QUOTED.exec(text);
  if (m === null) return '';
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!;
}

/** The mailbox argument of `STATUS x (...)` / `EXAMINE x (...)`. */
export function mailboxArgument(rest: string): string {
  return unquote(rest.trim());
}

export function expandSet(set: string, uids: number[]): number[] {
  const max = uids.length > 0 ? Math.max(...uids) : 0;
  const wanted = new Set<number>();
  for (const part of set.split(',')) {
    const [a, b = a] = part.split(':');
    const lo = a === '*' ? max : Number(a);
    const hi = b === '*' ? max : Number(b);
    for (const uid of uids) if (uid >= Math.min(lo, hi) && uid <= Math.max(lo, hi)) wanted.add(uid);
  }
  return uids.filter((uid) => wanted.has(uid));
}

/** What Courier-IMAP sends as the body of a message expunged by another session, until it reports that. */
const COURIER_STAND_IN = Buffer.from(
  'From: System Administrator <root@localhost>\r\nSubject: message unavailable\r\n\r\n' +
    'This message is no longer available on the server.\r\n',
);

export function fetchResponse(profile: FakeProfile, seq: number, original: FakeMessage, items: string): Buffer {
  const standIn = original.expungedUnreported === true && /BODY\.PEEK\[\]/i.test(items);
  const m = standIn ? { ...original, body: COURIER_STAND_IN, announcedSize: COURIER_STAND_IN.length } : original;
  const size = m.announcedSize ?? m.body.length;
  const flags = m.flags.join(' ');
  const parts: Buffer[] = [];
  let text = profile.fetchLayout?.({ uid: m.uid, flags, size }) ?? `UID ${m.uid} FLAGS (${flags}) RFC822.SIZE ${size}`;
  if (/INTERNALDATE/i.test(items)) text += ' INTERNALDATE "01-Feb-2024 10:00:00 +0000"';
  const partial = /BODY\.PEEK\[\]<(\d+)\.(\d+)>/i.exec(items);
  const header = /BODY\.PEEK\[HEADER\.FIELDS \(MESSAGE-ID\)\]/i.test(items);
  let body: Buffer | undefined;
  let section = '';
  if (partial) {
    const whole = profile.partialAsBody === 'whole';
    body = whole ? m.body : m.body.subarray(Number(partial[1]), Number(partial[1]) + Number(partial[2]));
    section = profile.partialAsBody ? 'BODY[]' : `BODY[]<${partial[1]}>`;
  } else if (/BODY\.PEEK\[\]/i.test(items)) {
    body = m.body;
    section = 'BODY[]';
  } else if (header) {
    body = Buffer.from(/^message-id:.*$/im.exec(m.body.toString('latin1'))?.[0] ?? '');
    section = profile.quotesHeaderFields ? 'BODY[HEADER.FIELDS ("MESSAGE-ID")]' : 'BODY[HEADER.FIELDS (MESSAGE-ID)]';
  }
  if (body === undefined) return Buffer.from(`* ${seq} FETCH (${text.replace(' $BODY', '')})\r\n`);
  const literal = `${section} {${body.length}}\r\n`;
  const [before, after = ''] = text.includes('$BODY') ? text.split('$BODY') : [`${text} `, ''];
  parts.push(Buffer.from(`* ${seq} FETCH (${before}${literal}`), body, Buffer.from(`${after})\r\n`));
  return Buffer.concat(parts);
}

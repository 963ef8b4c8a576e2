// APPEND on the fake IMAP server: the refusals a server makes (no such mailbox, NUL, bare LF,
// quota), and the bytes it stores as the profile's server keeps them (Cyrus, Exchange, mbox).
import { mailboxNamed } from './fake-imap-mailboxes.js';
import { mailboxArgument } from './fake-imap-wire.js';
import type { FakeImapContext, FakeProfile } from './fake-imap-types.js';
import type { ScriptedCommand, ScriptedConnection } from './scripted-server.js';

/** Every message of the command stored, or (MULTIAPPEND is atomic) none. */
export function append(
  { profile, mailboxes }: FakeImapContext,
  c: ScriptedConnection,
  tag: string,
  rest: string,
  literals: ScriptedCommand['literals'],
) {
  const m = mailboxNamed(mailboxes, mailboxArgument(rest));
  if (m?.goneAtAppend) mailboxes.splice(mailboxes.indexOf(m), 1);
  if (m === undefined || m.goneAtAppend) return c.write(`${tag} NO [TRYCREATE] Mailbox does not exist\r\n`);
  const nulInLiteral = literals.some((l) => !l.literal8 && l.bytes.includes(0));
  if (nulInLiteral && profile.refusesNulInLiteral !== undefined)
    return c.write(`${tag} NO ${profile.refusesNulInLiteral}\r\n`);
  const bareLf = literals.some((l) => /(^|[^\r])\n/.test(l.bytes.toString('latin1')));
  if (bareLf && profile.refusesBareNewlines !== undefined)
    return c.write(`${tag} NO ${profile.refusesBareNewlines}\r\n`);
  const used = mailboxes.flatMap((box) => box.messages).reduce((n, x) => n + x.body.length, 0);
  const adding = literals.reduce((n, l) => n + l.bytes.length, 0);
  if (profile.quota && used + adding > profile.quota.bytes) return c.write(`${tag} NO ${profile.quota.refusal}\r\n`);
  const first = Math.max(0, ...m.messages.map((x) => x.uid)) + 1;
  literals.forEach((l, i) => {
    if (!profile.convertsAppended)
      return m.messages.push({ uid: first + i, flags: [], body: storedBytes(profile, l.bytes, first + i) });
    const body = Buffer.concat([Buffer.from('X-MS-Exchange-Organization-Converted: 1\r\n'), l.bytes]);
    return m.messages.push({ uid: first + i, flags: [], body, announcedSize: Math.round(body.length * 1.2) });
  });
  const uids = literals.length > 1 ? `${first}:${first + literals.length - 1}` : `${first}`;
  return c.write(`${tag} OK [APPENDUID ${m.uidValidity} ${uids}] Completed\r\n`);
}

/** The message as the profile's server stores it (Exchange's conversion aside). */
function storedBytes(profile: FakeProfile, bytes: Buffer, uid: number): Buffer {
  if (profile.mungesEightBitHeaders) return eightBitHeaderAsX(bytes);
  if (profile.mboxBookkeeping) return withMboxBookkeeping(bytes, uid);
  if (profile.stripsMboxHeaders) return withoutMboxHeaders(bytes);
  return bytes;
}

/** The header's 8-bit bytes (before the first empty line) as X, as Cyrus stores them. */
function eightBitHeaderAsX(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1');
  const end = /\r?\n\r?\n/.exec(text)?.index ?? text.length;
  return Buffer.from(text.slice(0, end).replace(/[\x80-\xff]/g, 'X') + text.slice(end), 'latin1');
}

/** The message as Dovecot's mbox keeps it (see FakeProfile.stripsMboxHeaders). */
function withoutMboxHeaders(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1');
  const blank = text.indexOf('\r\n\r\n');
  const end = blank < 0 ? text.length : blank + 2;
  const head = text
    .slice(0, end)
    .replace(/^(status|x-status|x-keywords|x-uid|x-imapbase|content-length):.*\r\n/gim, '');
  return Buffer.from(head + text.slice(end), 'latin1');
}

/** The message as imap4d keeps it in an mbox file and sends it back (see FakeProfile.mboxBookkeeping). */
function withMboxBookkeeping(bytes: Buffer, uid: number): Buffer {
  const text = bytes.toString('latin1');
  const blank = text.indexOf('\r\n\r\n');
  const head = blank < 0 ? text.replace(/\r\n$/, '') : text.slice(0, blank);
  const body = blank < 0 ? '' : text.slice(blank + 4);
  const ended = body === '' || body.endsWith('\r\n') ? body : `${body}\r\n`;
  return Buffer.from(`${head}\r\nX-UID: ${uid}\r\nStatus: O\r\n\r\n${ended}`, 'latin1');
}

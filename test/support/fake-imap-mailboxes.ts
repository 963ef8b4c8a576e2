// The fake IMAP server's mailboxes as its commands see them: found by name, their STATUS (with
// arrivals not numbered for good), and CREATE.
import { mailboxArgument } from './fake-imap-wire.js';
import type { FakeImapContext, FakeMailbox, FakeProfile } from './fake-imap-types.js';
import type { ScriptedConnection } from './scripted-server.js';

export function mailboxNamed(mailboxes: FakeMailbox[], name: string): FakeMailbox | undefined {
  return mailboxes.find((m) => m.name === name);
}

/** The mailbox as STATUS and EXAMINE see it: its unnumbered arrivals numbered (a copy), if it has any. */
export function withArrivals(m: FakeMailbox | undefined): FakeMailbox | undefined {
  if (!m?.unnumbered?.length) return m;
  const next = Math.max(m.lastNumbered ?? 0, ...m.messages.map((x) => x.uid)) + 1;
  const arrivals = m.unnumbered.map((x, i) => ({ ...x, uid: next + i }));
  return { ...m, messages: [...m.messages, ...arrivals], lastNumbered: next + arrivals.length - 1 };
}

/** The parenthesized items of the mailbox's STATUS answer, as the profile writes them. */
export function statusOf(profile: FakeProfile, box: FakeMailbox): string {
  const m = withArrivals(box)!;
  const condstore = /\bCONDSTORE\b/i.test(profile.capabilities);
  const items = {
    MESSAGES: m.messages.length,
    UIDNEXT: Math.max(0, ...m.messages.map((x) => x.uid)) + 1,
    UIDVALIDITY: m.uidValidity,
    ...(m.highestModSeq !== undefined && condstore ? { HIGHESTMODSEQ: m.highestModSeq } : {}),
  };
  const kept = Object.entries(items).filter(([key]) => !profile.statusOmits?.includes(key));
  return `(${kept.map(([key, value]) => `${key} ${value}`).join(' ')})`;
}

export function status({ profile, mailboxes }: FakeImapContext, c: ScriptedConnection, tag: string, rest: string) {
  const m = mailboxNamed(mailboxes, mailboxArgument(rest));
  if (m?.statusRefused) return c.write(`${tag} NO ${m.statusRefused}\r\n`);
  // RFC 7889: a bare APPENDLIMIT capability tells each mailbox's limit in STATUS (NIL: none).
  const items = /\(APPENDLIMIT\)$/i.test(rest) ? `(APPENDLIMIT ${profile.appendLimit ?? 'NIL'})` : undefined;
  return c.write(
    m ? `* STATUS ${m.listed} ${items ?? statusOf(profile, m)}\r\n${tag} OK done\r\n` : `${tag} NO no such mailbox\r\n`,
  );
}

export function create({ profile, mailboxes }: FakeImapContext, c: ScriptedConnection, tag: string, rest: string) {
  const name = mailboxArgument(rest);
  if (profile.createsOnlyUnder !== undefined && !name.startsWith(profile.createsOnlyUnder))
    return c.write(`${tag} NO Permission denied\r\n`);
  if (profile.refusesCreate !== undefined) return c.write(`${tag} ${profile.refusesCreate}\r\n`);
  if (mailboxNamed(mailboxes, name) === undefined)
    mailboxes.push({ listed: `"${name}"`, name, uidValidity: 1, messages: [] });
  return c.write(`${tag} OK Completed\r\n`);
}

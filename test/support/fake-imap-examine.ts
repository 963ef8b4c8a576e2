// SELECT and EXAMINE on the fake IMAP server: the refusals servers make (no ID sent, parameters,
// QRESYNC not enabled), and the untagged lines the profile's server writes.
import { mailboxNamed, withArrivals } from './fake-imap-mailboxes.js';
import type { FakeImapContext } from './fake-imap-types.js';
import { mailboxArgument } from './fake-imap-wire.js';
import type { ScriptedConnection } from './scripted-server.js';

export function examine(
  { profile, mailboxes, stateOf }: FakeImapContext,
  c: ScriptedConnection,
  tag: string,
  verb: 'SELECT' | 'EXAMINE',
  rest: string,
) {
  const state = stateOf(c);
  // RFC 3501 §6.3.1: the mailbox selected before is closed, even when this EXAMINE fails.
  state.selected = undefined;
  const m = withArrivals(mailboxNamed(mailboxes, mailboxArgument(rest)));
  if (profile.requireId && !state.sentId)
    return c.write(`${tag} NO SELECT Unsafe Login. Please contact kefu@188.com for help\r\n`);
  if (m === undefined || m.refusesExamine) return c.write(`${tag} NO Mailbox doesn't exist\r\n`);
  if (profile.refusesExamineParameters && /\)$/.test(rest))
    return c.write(`${tag} ${profile.refusesExamineParameters} Unknown EXAMINE parameter\r\n`);
  if (/\(QRESYNC /i.test(rest) && !state.qresync) return c.write(`${tag} BAD QRESYNC not enabled\r\n`);
  if (profile.refusesQresyncExamine && /\(QRESYNC /i.test(rest))
    return c.write(`${tag} ${profile.refusesQresyncExamine} QRESYNC parameters refused\r\n`);
  state.selected = m;
  if (verb === 'SELECT' && m.unnumbered?.length) Object.assign(mailboxNamed(mailboxes, m.name)!, m, { unnumbered: [] });
  const uidNext = Math.max(0, ...m.messages.map((x) => x.uid)) + 1;
  for (const line of profile.examineExtras ?? []) c.write(`${line}\r\n`);
  if (m.highestModSeq !== undefined) c.write(`* OK [HIGHESTMODSEQ ${m.highestModSeq}] modseqs\r\n`);
  return c.write(
    `* ${m.messages.length} EXISTS\r\n* 0 RECENT\r\n` +
      `${profile.noUidValidity ? '' : `* OK [UIDVALIDITY ${m.examineUidValidity ?? m.uidValidity}] UIDs valid\r\n`}` +
      `${profile.noUidNext ? '' : `* OK [UIDNEXT ${uidNext}] Predicted next UID\r\n`}` +
      `${tag} OK [${verb === 'SELECT' ? 'READ-WRITE' : 'READ-ONLY'}] ${verb} completed\r\n`,
  );
}

// The commands on the fake IMAP server's selected mailbox: UID SEARCH and UID FETCH (with the
// faults of unfetchable messages and FETCHes run together), and NOOP reporting expunges.
import type { FakeImapContext } from './fake-imap-types.js';
import { expandSet, fetchResponse } from './fake-imap-wire.js';
import type { ScriptedConnection } from './scripted-server.js';

export function uidCommand({ profile, stateOf }: FakeImapContext, c: ScriptedConnection, tag: string, rest: string) {
  const state = stateOf(c);
  const box = state.selected;
  if (box === undefined) return c.write(`${tag} BAD no mailbox selected\r\n`);
  const search = /^SEARCH/i.test(rest);
  if (search) {
    return c.write(`* SEARCH ${box.messages.map((m) => m.uid).join(' ')}\r\n${tag} OK SEARCH completed\r\n`);
  }
  const m = /^FETCH (\S+) \((.*)\)/i.exec(rest);
  if (m === null) return c.write(`${tag} BAD unknown UID command\r\n`);
  const uids = expandSet(
    m[1]!,
    box.messages.map((x) => x.uid),
  );
  let refused = false;
  for (const uid of uids) {
    const index = box.messages.findIndex((x) => x.uid === uid);
    const message = box.messages[index]!;
    const body = /BODY\.PEEK\[\]/i.test(m[2]!);
    if (message.unfetchable && body) {
      refused = true;
      continue;
    }
    refused ||= message.refusedOnceSent === true && body;
    const raw = message.rawFetch?.(index + 1, m[2]!);
    c.write(raw ?? fetchResponse(profile, index + 1, message, m[2]!));
  }
  if (refused && profile.dropsAfterUnfetchable) {
    c.write('* BYE Internal error occurred. Refer to server log for more information.\r\n');
    return c.destroy();
  }
  const no = profile.refusesUnfetchable ?? 'NO Some messages could not be FETCHed (Failure)';
  const ok = refused ? `${tag} ${no}\r\n` : `${tag} OK FETCH completed\r\n`;
  if (!profile.fetchesTogether) return c.write(ok);
  const timer = setTimeout(() => {
    if (state.heldOk === undefined) return;
    state.heldOk = undefined;
    c.write(ok);
  }, 50);
  state.heldOk = { line: ok, timer };
}

/** Reports (and drops) the messages of the selected mailbox expunged meanwhile. */
export function noop({ stateOf }: FakeImapContext, c: ScriptedConnection, tag: string) {
  const box = stateOf(c).selected;
  for (let i = (box?.messages.length ?? 0) - 1; i >= 0; i -= 1) {
    if (!box!.messages[i]!.expungedUnreported) continue;
    box!.messages.splice(i, 1);
    c.write(`* ${i + 1} EXPUNGE\r\n`);
  }
  c.write(`${tag} OK NOOP completed\r\n`);
}

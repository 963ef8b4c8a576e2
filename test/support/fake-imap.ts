// A scripted IMAP account for the real engine: mailboxes and messages in memory, served with the
// answer shapes of a given server (greeting, capabilities, how names, STATUS and FETCH items are
// written), plus faults (sizes that lie, odd flags, [ALERT]s). Read-only commands, and CREATE and
// APPEND for restore (the messages stored without flags). The shapes are in fake-imap-types.ts,
// each command's answer in the fake-imap-*.ts file named after it.
import { append } from './fake-imap-append.js';
import { examine } from './fake-imap-examine.js';
import { noop, uidCommand } from './fake-imap-fetch.js';
import { list } from './fake-imap-list.js';
import { create, status } from './fake-imap-mailboxes.js';
import type { FakeImapContext, FakeMailbox, FakeProfile, FakeSession } from './fake-imap-types.js';
import {
  startScriptedServer,
  type ScriptedCommand,
  type ScriptedConnection,
  type ScriptedServer,
} from './scripted-server.js';

export async function startFakeImap(profile: FakeProfile, mailboxes: FakeMailbox[]): Promise<ScriptedServer> {
  const sessions = new WeakMap<ScriptedConnection, FakeSession>();
  const stateOf = (c: ScriptedConnection) => {
    let state = sessions.get(c);
    if (state === undefined) sessions.set(c, (state = { sentId: false, loggedIn: false, qresync: false }));
    return state;
  };
  const context: FakeImapContext = { profile, mailboxes, stateOf };
  const login = loginAnswer(context);
  const options = { literalLimit: profile.appendLimit };
  return startScriptedServer(
    profile.greeting,
    async (command, c) => {
      // With fetchesTogether, the OK held back from the last FETCH follows this command's answers.
      const held = stateOf(c).heldOk;
      stateOf(c).heldOk = undefined;
      clearTimeout(held?.timer);
      const rest = command.text.slice(command.verb.length + 1);
      await answer(context, login, c, command.tag, command.verb, rest, command.literals);
      if (held !== undefined) c.write(held.line);
    },
    options,
  );
}

/** LOGIN and AUTHENTICATE's answer, refusing the first `refusesLogins` of them. */
function loginAnswer({ profile, stateOf }: FakeImapContext) {
  let refusals = profile.refusesLogins ?? 0;
  return (c: ScriptedConnection, tag: string) => {
    if (refusals > 0) {
      refusals -= 1;
      return c.write(`${tag} NO [UNAVAILABLE] Temporary authentication failure.\r\n`);
    }
    stateOf(c).loggedIn = true;
    if (profile.loginAlert !== undefined) c.write(`* OK [ALERT] ${profile.loginAlert}\r\n`);
    c.write(`${tag} OK [CAPABILITY ${profile.capabilities}] logged in\r\n`);
  };
}

async function answer(
  context: FakeImapContext,
  login: (c: ScriptedConnection, tag: string) => void,
  c: ScriptedConnection,
  tag: string,
  verb: string,
  rest: string,
  literals: ScriptedCommand['literals'],
) {
  const { profile, stateOf } = context;
  switch (verb) {
    case 'CAPABILITY': {
      const caps = stateOf(c).loggedIn ? profile.capabilities : (profile.preLoginCapabilities ?? profile.capabilities);
      return c.write(`* CAPABILITY ${caps}\r\n${tag} OK done\r\n`);
    }
    case 'LOGIN':
      return login(c, tag);
    case 'AUTHENTICATE':
      // Without an initial response (no SASL-IR), the credentials answer an empty challenge.
      if (rest.trim().split(' ').length < 2) {
        c.write('+ \r\n');
        await c.nextLine();
      }
      return login(c, tag);
    case 'COMPRESS':
      c.write(`${tag} OK DEFLATE active\r\n`);
      return c.startCompression();
    case 'ENABLE':
      return enable(context, c, tag, rest);
    case 'NAMESPACE':
      return c.write(`${profile.namespace ?? '* NAMESPACE (("" "/")) NIL NIL'}\r\n${tag} OK Completed\r\n`);
    case 'ID':
      stateOf(c).sentId = true;
      return c.write(`${profile.idResponse ?? '* ID NIL'}\r\n${tag} OK ID completed\r\n`);
    case 'LIST':
      return list(context, c, tag, rest);
    case 'STATUS':
      return status(context, c, tag, rest);
    case 'SELECT':
    case 'EXAMINE':
      return examine(context, c, tag, verb, rest);
    case 'UID':
      return uidCommand(context, c, tag, rest);
    case 'NOOP':
      return noop(context, c, tag);
    case 'APPEND':
      return append(context, c, tag, rest, literals);
    case 'CREATE':
      return create(context, c, tag, rest);
    case 'LOGOUT':
      c.write(`* BYE logging out\r\n${tag} OK LOGOUT completed\r\n`);
      return c.destroy();
    default:
      return c.write(`${tag} OK done\r\n`);
  }
}

function enable({ profile, stateOf }: FakeImapContext, c: ScriptedConnection, tag: string, rest: string) {
  const offered = profile.capabilities.toUpperCase().split(' ');
  const enabled = profile.enablesNothing
    ? []
    : rest
        .toUpperCase()
        .split(' ')
        .filter((x) => offered.includes(x));
  stateOf(c).qresync ||= enabled.includes('QRESYNC');
  return c.write(`${enabled.length > 0 ? `* ENABLED ${enabled.join(' ')}\r\n` : ''}${tag} OK enabled\r\n`);
}

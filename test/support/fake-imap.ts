// A scripted IMAP account for the real engine: mailboxes and messages in memory, served with the
// answer shapes of a given server (greeting, capabilities, how names, STATUS and FETCH items are
// written), plus faults (sizes that lie, odd flags, [ALERT]s). Read-only commands, and CREATE and
// APPEND for restore (the messages stored without flags).
import type { AccountConfig } from '../../src/config/types.js';
import { expandSet, fetchResponse, mailboxArgument } from './fake-imap-wire.js';
import {
  startScriptedServer,
  type ScriptedCommand,
  type ScriptedConnection,
  type ScriptedServer,
} from './scripted-server.js';

export interface FakeMessage {
  uid: number;
  flags: string[];
  body: Buffer;
  /** RFC822.SIZE to announce; default the body's length. */
  announcedSize?: number;
  /** A FETCH response written by hand for this message (replaces the generated one). */
  rawFetch?: (seq: number, items: string) => string | undefined;
  /** Its body is never sent: a FETCH of it gets no response for it and ends in Gmail's NO. */
  unfetchable?: boolean;
  /** Its body is sent, yet the FETCH that sent it ends in that NO all the same. */
  refusedOnceSent?: boolean;
  /**
   * Expunged by another session and not reported yet, as Courier-IMAP does it: its UID is still
   * there, a FETCH of its body gets a stand-in text of another size, the next NOOP reports it expunged.
   */
  expungedUnreported?: boolean;
}

export interface FakeMailbox {
  /** The name on the wire as the server writes it in LIST/STATUS: an atom, "quoted" or {n}\r\nliteral. */
  listed: string;
  /** The name the client sends back (unquoted). */
  name: string;
  attributes?: string[];
  uidValidity: number;
  /** Left out of LIST, yet there for STATUS and EXAMINE (a server that lists no INBOX). */
  unlisted?: boolean;
  /** EXAMINE's UIDVALIDITY when it is not STATUS's (the mailbox recreated between the two). */
  examineUidValidity?: number;
  messages: FakeMessage[];
  /** Its HIGHESTMODSEQ, told in EXAMINE, and in STATUS when CONDSTORE is offered; none when unset. */
  highestModSeq?: number;
  /**
   * Listed, yet its STATUS refused with this text: LIST-STATUS writes `* NO <text>` where its STATUS
   * would be, and STATUS and EXAMINE are answered NO (Dovecot's Maildir++ parent deleted while its
   * children stay).
   */
  statusRefused?: string;
  /** Listed and in STATUS, yet every EXAMINE of it is answered a plain NO (gone or locked since). */
  refusesExamine?: boolean;
  /** Deleted by another client once examined: the first APPEND gets [TRYCREATE] and finds it gone (a CREATE makes it anew). */
  goneAtAppend?: boolean;
  /**
   * Arrivals not numbered for good (Courier-IMAP): STATUS and each EXAMINE number them anew, in this
   * order, after the last message's UID (their `uid` is not used); a SELECT keeps the numbers.
   */
  unnumbered?: FakeMessage[];
  /** The last UID a SELECT numbered for good: arrivals are numbered after it, even once it is deleted. */
  lastNumbered?: number;
}

/** The mailbox as STATUS and EXAMINE see it: its unnumbered arrivals numbered (a copy), if it has any. */
function withArrivals(m: FakeMailbox | undefined): FakeMailbox | undefined {
  if (!m?.unnumbered?.length) return m;
  const next = Math.max(m.lastNumbered ?? 0, ...m.messages.map((x) => x.uid)) + 1;
  const arrivals = m.unnumbered.map((x, i) => ({ ...x, uid: next + i }));
  return { ...m, messages: [...m.messages, ...arrivals], lastNumbered: next + arrivals.length - 1 };
}

export interface FakeProfile {
  /** Greeting line without CRLF, e.g. `* OK [CAPABILITY IMAP4rev1 ...] ready`. */
  greeting: string;
  /** CAPABILITY after login. */
  capabilities: string;
  /** CAPABILITY before login, when the greeting has none (default: `capabilities`). */
  preLoginCapabilities?: string;
  delimiter: string;
  /** Answer to ID, if the server has it. */
  idResponse?: string;
  /** EXAMINE is refused until the client sent ID (163.com). */
  requireId?: boolean;
  /** EXAMINE says no UIDNEXT (163.com); STATUS still does. */
  noUidNext?: boolean;
  /** EXAMINE says no UIDVALIDITY (RFC 3501 requires it); STATUS still does. */
  noUidValidity?: boolean;
  /** LIST-EXTENDED offered, yet a LIST of several patterns `"" ("a*" "b")` is answered BAD. */
  refusesPatternList?: boolean;
  /** LIST-STATUS offered, yet a LIST with RETURN (STATUS ...) is answered BAD. */
  refusesListStatus?: boolean;
  /** STATUS items left out of every STATUS answer (e.g. UIDNEXT). */
  statusOmits?: string[];
  /** The tagged answer to a FETCH that met an unfetchable message (default: Gmail's NO). */
  refusesUnfetchable?: string;
  /** A FETCH that met an unfetchable message goes on, then says BYE and closes (Dovecot's default). */
  dropsAfterUnfetchable?: boolean;
  /** CONDSTORE offered, yet an EXAMINE with parameters, (CONDSTORE) or (QRESYNC ...), is answered thus. */
  refusesExamineParameters?: 'BAD' | 'NO';
  /** QRESYNC offered and ENABLEd, yet an EXAMINE with (QRESYNC ...) is answered thus; (CONDSTORE) is fine. */
  refusesQresyncExamine?: 'BAD' | 'NO';
  /** ENABLE is answered OK without `* ENABLED` (RFC 5161 lets a server leave an extension off). */
  enablesNothing?: boolean;
  /** Extra untagged lines with every EXAMINE (PERMANENTFLAGS, Gmail's X-GM-*, ...). */
  examineExtras?: string[];
  /**
   * A partial FETCH (BODY.PEEK[]<o.n>) answered as `BODY[]`, without `<o>`: the bytes asked for
   * ('slice'), or the whole message ('whole').
   */
  partialAsBody?: 'slice' | 'whole';
  /** A header list answered with its field names quoted: `BODY[HEADER.FIELDS ("MESSAGE-ID")]` (Courier-IMAP). */
  quotesHeaderFields?: boolean;
  /** The order and extras of FETCH items, e.g. Outlook writes UID last; `$BODY` marks where BODY[] goes. */
  fetchLayout?: (m: { uid: number; flags: string; size: number }) => string;
  /** An [ALERT] sent with the login OK. */
  loginAlert?: string;
  /** The first this many logins are answered NO [UNAVAILABLE] (a temporary authentication failure). */
  refusesLogins?: number;
  /**
   * Pipelined FETCHes run together, as Dovecot runs them: a FETCH's tagged OK waits until the
   * answers of the next command sent meanwhile are written (or 50 ms pass).
   */
  fetchesTogether?: boolean;
  /** The untagged answer to NAMESPACE, e.g. Cyrus's `* NAMESPACE (("INBOX." ".")) (("user." ".")) (("" "."))`. */
  namespace?: string;
  /** APPEND of a message with an LF that has no CR before it gets this NO (Cyrus: `Message contains bare newlines`). */
  refusesBareNewlines?: string;
  /** APPEND stores a header's 8-bit bytes as X (Cyrus's munge8bit). */
  mungesEightBitHeaders?: boolean;
  /**
   * APPEND stores a converted copy, as Exchange does: other bytes than those sent, and an RFC822.SIZE
   * that is not the length of its BODY[].
   */
  convertsAppended?: boolean;
  /**
   * APPEND stores the message as an mbox file does (GNU Mailutils imap4d): its bookkeeping lines in
   * the header (X-UID, Status), a blank line after a header that had none, a newline at its end.
   */
  mboxBookkeeping?: boolean;
  /** APPEND stores the message without mbox bookkeeping lines and Content-Length, as Dovecot's mbox does. */
  stripsMboxHeaders?: boolean;
  /** CREATE of a name outside this prefix is refused `NO Permission denied` (Cyrus's personal namespace `INBOX.`). */
  createsOnlyUnder?: string;
  /** The answer after the tag to every CREATE, e.g. `NO [OVERQUOTA] Over quota` (Cyrus at its folder quota). */
  refusesCreate?: string;
  /** A NUL byte is taken only in a literal8 (`~{n}`): APPEND with one in a plain literal gets this NO (Cyrus). */
  refusesNulInLiteral?: string;
  /**
   * A literal longer than this is refused (scripted-server.ts `literalLimit`); advertise it as
   * `APPENDLIMIT=n`, or as a bare APPENDLIMIT to have `STATUS mailbox (APPENDLIMIT)` tell it.
   */
  appendLimit?: number;
  /** The account's quota: an APPEND that would take its messages past `bytes` gets `NO <refusal>`. */
  quota?: { bytes: number; refusal: string };
}

/** An account for a scripted server on 127.0.0.1 (cleartext, password login). */
export function scriptedAccount(port: number, extra: Partial<AccountConfig> = {}): AccountConfig {
  return {
    name: 'scripted',
    host: '127.0.0.1',
    port,
    tls: 'none',
    user: 'joe',
    password: { kind: 'plain', password: 'secret' },
    systemCertificates: false,
    timeoutSeconds: 20,
    authMechs: [],
    ...extra,
  } as AccountConfig;
}

export async function startFakeImap(profile: FakeProfile, mailboxes: FakeMailbox[]): Promise<ScriptedServer> {
  /** Per connection: the mailbox examined, and whether ID was sent. */
  const states = new WeakMap<
    ScriptedConnection,
    { selected?: FakeMailbox; sentId: boolean; loggedIn: boolean; qresync: boolean }
  >();
  const stateOf = (c: ScriptedConnection) => {
    let state = states.get(c);
    if (state === undefined) states.set(c, (state = { sentId: false, loggedIn: false, qresync: false }));
    return state;
  };
  let refusals = profile.refusesLogins ?? 0;
  const login = (c: ScriptedConnection, tag: string) => {
    if (refusals > 0) {
      refusals -= 1;
      return c.write(`${tag} NO [UNAVAILABLE] Temporary authentication failure.\r\n`);
    }
    stateOf(c).loggedIn = true;
    if (profile.loginAlert !== undefined) c.write(`* OK [ALERT] ${profile.loginAlert}\r\n`);
    c.write(`${tag} OK [CAPABILITY ${profile.capabilities}] logged in\r\n`);
  };
  /** A FETCH's tagged OK held back (fetchesTogether). */
  const heldOk = new WeakMap<ScriptedConnection, { line: string; timer: NodeJS.Timeout }>();
  const byName = (name: string) => mailboxes.find((m) => m.name === name);
  const condstore = /\bCONDSTORE\b/i.test(profile.capabilities);
  const statusOf = (box: FakeMailbox) => {
    const m = withArrivals(box)!;
    const items = {
      MESSAGES: m.messages.length,
      UIDNEXT: Math.max(0, ...m.messages.map((x) => x.uid)) + 1,
      UIDVALIDITY: m.uidValidity,
      ...(m.highestModSeq !== undefined && condstore ? { HIGHESTMODSEQ: m.highestModSeq } : {}),
    };
    const kept = Object.entries(items).filter(([key]) => !profile.statusOmits?.includes(key));
    return `(${kept.map(([key, value]) => `${key} ${value}`).join(' ')})`;
  };
  /** Every message of the command stored, or (MULTIAPPEND is atomic) none. */
  const append = (c: ScriptedConnection, tag: string, rest: string, literals: ScriptedCommand['literals']) => {
    const m = byName(mailboxArgument(rest));
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
    const stored = (bytes: Buffer, uid: number) =>
      profile.mungesEightBitHeaders
        ? eightBitHeaderAsX(bytes)
        : profile.mboxBookkeeping
          ? withMboxBookkeeping(bytes, uid)
          : profile.stripsMboxHeaders
            ? withoutMboxHeaders(bytes)
            : bytes;
    literals.forEach((l, i) => {
      if (!profile.convertsAppended)
        return m.messages.push({ uid: first + i, flags: [], body: stored(l.bytes, first + i) });
      const body = Buffer.concat([Buffer.from('X-MS-Exchange-Organization-Converted: 1\r\n'), l.bytes]);
      return m.messages.push({ uid: first + i, flags: [], body, announcedSize: Math.round(body.length * 1.2) });
    });
    const uids = literals.length > 1 ? `${first}:${first + literals.length - 1}` : `${first}`;
    return c.write(`${tag} OK [APPENDUID ${m.uidValidity} ${uids}] Completed\r\n`);
  };
  const answer = async (
    c: ScriptedConnection,
    tag: string,
    verb: string,
    rest: string,
    literals: ScriptedCommand['literals'],
  ) => {
    switch (verb) {
      case 'CAPABILITY': {
        const caps = stateOf(c).loggedIn
          ? profile.capabilities
          : (profile.preLoginCapabilities ?? profile.capabilities);
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
      case 'ENABLE': {
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
      case 'NAMESPACE':
        return c.write(`${profile.namespace ?? '* NAMESPACE (("" "/")) NIL NIL'}\r\n${tag} OK Completed\r\n`);
      case 'ID':
        stateOf(c).sentId = true;
        return c.write(`${profile.idResponse ?? '* ID NIL'}\r\n${tag} OK ID completed\r\n`);
      case 'LIST': {
        const withStatus = /RETURN \(STATUS/i.test(rest);
        if (withStatus && profile.refusesListStatus) return c.write(`${tag} BAD Unknown argument\r\n`);
        if (/^""\s+\(/.test(rest) && profile.refusesPatternList) return c.write(`${tag} BAD Invalid pattern\r\n`);
        const matches = listPatternsMatcher(rest, profile.delimiter);
        for (const m of mailboxes.filter((x) => !x.unlisted && matches(x.name))) {
          c.write(`* LIST (${(m.attributes ?? []).join(' ')}) "${profile.delimiter}" ${m.listed}\r\n`);
          if (withStatus)
            c.write(m.statusRefused ? `* NO ${m.statusRefused}\r\n` : `* STATUS ${m.listed} ${statusOf(m)}\r\n`);
        }
        return c.write(`${tag} OK LIST completed\r\n`);
      }
      case 'STATUS': {
        const m = byName(mailboxArgument(rest));
        if (m?.statusRefused) return c.write(`${tag} NO ${m.statusRefused}\r\n`);
        // RFC 7889: a bare APPENDLIMIT capability tells each mailbox's limit in STATUS (NIL: none).
        const items = /\(APPENDLIMIT\)$/i.test(rest) ? `(APPENDLIMIT ${profile.appendLimit ?? 'NIL'})` : undefined;
        return c.write(
          m ? `* STATUS ${m.listed} ${items ?? statusOf(m)}\r\n${tag} OK done\r\n` : `${tag} NO no such mailbox\r\n`,
        );
      }
      case 'SELECT':
      case 'EXAMINE': {
        // RFC 3501 §6.3.1: the mailbox selected before is closed, even when this EXAMINE fails.
        stateOf(c).selected = undefined;
        const m = withArrivals(byName(mailboxArgument(rest)));
        if (profile.requireId && !stateOf(c).sentId)
          return c.write(`${tag} NO SELECT Unsafe Login. Please contact kefu@188.com for help\r\n`);
        if (m === undefined || m.refusesExamine) return c.write(`${tag} NO Mailbox doesn't exist\r\n`);
        if (profile.refusesExamineParameters && /\)$/.test(rest))
          return c.write(`${tag} ${profile.refusesExamineParameters} Unknown EXAMINE parameter\r\n`);
        if (/\(QRESYNC /i.test(rest) && !stateOf(c).qresync) return c.write(`${tag} BAD QRESYNC not enabled\r\n`);
        if (profile.refusesQresyncExamine && /\(QRESYNC /i.test(rest))
          return c.write(`${tag} ${profile.refusesQresyncExamine} QRESYNC parameters refused\r\n`);
        stateOf(c).selected = m;
        if (verb === 'SELECT' && m.unnumbered?.length) Object.assign(byName(m.name)!, m, { unnumbered: [] });
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
      case 'UID':
        return uidCommand(c, tag, rest);
      case 'NOOP':
        return noop(c, tag);
      case 'APPEND':
        return append(c, tag, rest, literals);
      case 'CREATE': {
        const name = mailboxArgument(rest);
        if (profile.createsOnlyUnder !== undefined && !name.startsWith(profile.createsOnlyUnder))
          return c.write(`${tag} NO Permission denied\r\n`);
        if (profile.refusesCreate !== undefined) return c.write(`${tag} ${profile.refusesCreate}\r\n`);
        if (byName(name) === undefined) mailboxes.push({ listed: `"${name}"`, name, uidValidity: 1, messages: [] });
        return c.write(`${tag} OK Completed\r\n`);
      }
      case 'LOGOUT':
        c.write(`* BYE logging out\r\n${tag} OK LOGOUT completed\r\n`);
        return c.destroy();
      default:
        return c.write(`${tag} OK done\r\n`);
    }
  };
  /** Reports (and drops) the messages of the selected mailbox expunged meanwhile. */
  const noop = (c: ScriptedConnection, tag: string) => {
    const box = stateOf(c).selected;
    for (let i = (box?.messages.length ?? 0) - 1; i >= 0; i -= 1) {
      if (!box!.messages[i]!.expungedUnreported) continue;
      box!.messages.splice(i, 1);
      c.write(`* ${i + 1} EXPUNGE\r\n`);
    }
    c.write(`${tag} OK NOOP completed\r\n`);
  };
  const uidCommand = (c: ScriptedConnection, tag: string, rest: string) => {
    const box = stateOf(c).selected;
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
    const timer = setTimeout(() => heldOk.delete(c) && c.write(ok), 50);
    heldOk.set(c, { line: ok, timer });
  };
  const options = { literalLimit: profile.appendLimit };
  return startScriptedServer(
    profile.greeting,
    async (command, c) => {
      // With fetchesTogether, the OK held back from the last FETCH follows this command's answers.
      const held = heldOk.get(c);
      heldOk.delete(c);
      clearTimeout(held?.timer);
      await answer(c, command.tag, command.verb, command.text.slice(command.verb.length + 1), command.literals);
      if (held !== undefined) c.write(held.line);
    },
    options,
  );
}

/** The header's 8-bit bytes (before the first empty line) as X, as Cyrus stores them. */
function eightBitHeaderAsX(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1');
  const end = /\r?\n\r?\n/.exec(text)?.index ?? text.length;
  return Buffer.from(text.slice(0, end).replace(/[\x80-\xff]/g, 'X') + text.slice(end), 'latin1');
}

/** The LIST's patterns (`"" "a*"` or, LIST-EXTENDED, `"" ("a*" "INBOX")`) as a test of a name. */
function listPatternsMatcher(args: string, delimiter: string): (name: string) => boolean {
  const patterns = [
    ...(/^""\s+(\([^)]*\)|"[^"]*"|\S+)/.exec(args)?.[1] ?? '"*"').matchAll(/"([^"]*)"|([^\s()"]+)/g),
  ].map((m) => m[1] ?? m[2]!);
  const regexes = patterns.map((pattern) => {
    const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    const body = escaped.replaceAll('*', '.*').replaceAll('%', `[^${delimiter === '\\' ? '\\\\' : delimiter}]*`);
    return new RegExp(`^${body}$`, /^INBOX/i.test(pattern) ? 'i' : '');
  });
  return (name) => regexes.some((r) => r.test(name));
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

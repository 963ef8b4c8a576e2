// The shapes of the fake IMAP server's account (fake-imap.ts): its messages and mailboxes, the
// profile of the server it plays, and what each command's answer reads from (a FakeImapContext).
import type { ScriptedConnection } from './scripted-server.js';

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

/** Per connection: the mailbox examined, whether ID was sent, and a FETCH's tagged OK held back (fetchesTogether). */
export interface FakeSession {
  selected?: FakeMailbox;
  sentId: boolean;
  loggedIn: boolean;
  qresync: boolean;
  heldOk?: { line: string; timer: NodeJS.Timeout };
}

/** What the commands answer from: the server's profile, its mailboxes, and each connection's session. */
export interface FakeImapContext {
  profile: FakeProfile;
  mailboxes: FakeMailbox[];
  stateOf: (c: ScriptedConnection) => FakeSession;
}

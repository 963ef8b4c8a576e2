// The contract between the sync algorithm and the IMAP side (isync's driver.h, far side):
// read-only operations only. imap/session.ts implements it on our IMAP connection; tests may fake it.

export interface RemoteMailbox {
  /** Decoded UTF-8 path as the server names it (server delimiter). */
  path: string;
  /**
   * The name as LIST sent it, sent back as is on every session: a server may spell it otherwise
   * than modified UTF-7 would (raw 8-bit, or &-sequences that do not decode). Absent: not listed.
   */
  wire?: string;
  /** Hierarchy delimiter, null for a flat server. */
  delimiter: string | null;
  /** `/`-separated UTF-8 name used in patterns, events and state. */
  name: string;
  selectable: boolean;
  /** Holds every message of the account (special-use \All, RFC 6154: Gmail's All Mail). */
  allMail?: true;
  /** STATUS sent along with the listing (LIST-STATUS); absent = ask with status(). */
  status?: RemoteStatus;
}

/** The server's NAMESPACE (RFC 2342): each kind's prefixes, decoded as names are, in the server's order. */
export interface RemoteNamespaces {
  personal: string[];
  otherUsers: string[];
  shared: string[];
}

export interface RemoteStatus {
  messages: number;
  uidNext: number;
  uidValidity: number;
  highestModSeq?: number;
}

export interface RemoteExamined extends RemoteStatus {
  /** The server keeps mod-sequences for this mailbox (CONDSTORE usable). */
  condstore: boolean;
  /** What changed since the `resync` point, when the server answered it (QRESYNC, RFC 7162). */
  changes?: RemoteChanges;
  /** The `prefetch` bodies (as fetchBodies with firstBytes); absent when none were asked for. */
  prefetched?: RemoteBody[];
}

/**
 * Bodies to fetch in the same round trip as an EXAMINE (the command is pipelined after it), e.g.
 * the arrivals that STATUS announced. Only worth keeping if the UIDVALIDITY is the expected one.
 */
export interface Prefetch {
  uids: number[];
  firstBytes: number;
}

/** A mailbox state to resynchronize from: the UIDVALIDITY and mod-sequence of the last full pass. */
export interface ResyncPoint {
  uidValidity: number;
  modSeq: number;
}

export interface RemoteChanges {
  /** UIDs expunged since the resync point, as inclusive ranges (it may name UIDs never seen). */
  vanished: [number, number][];
  /** Messages new or changed since then: UID and flags (no size). */
  changed: { uid: number; flags: string[] }[];
}

export interface RemoteMessageInfo {
  uid: number;
  /** IMAP flags as the server sent them. */
  flags: string[];
  size: number;
  /** The message's id across mailboxes, on a server that has one (X-GM-EXT-1, OBJECTID). */
  emailId?: string;
}

export interface RemoteBody {
  uid: number;
  flags: string[];
  internalDate?: Date;
  /**
   * Bytes of the body the server sent; for a stream (and a `partial` body) only RFC822.SIZE,
   * an estimate: the bytes read are the message.
   */
  size: number;
  /** RFC822.SIZE when the server sent a body of another length (it changed, or is misreported). */
  announcedSize?: number;
  /** Exact bytes of BODY.PEEK[]; a chunk stream for big messages. */
  body: Buffer | AsyncIterable<Buffer>;
  /** Only the first bytes were asked for and the message is bigger: `body` is not all of it. */
  partial?: true;
}

/**
 * fetchBodies lost its connection midway, or was answered NO asking to wait, or refused and not
 * asked again in parts (`cause`); `bodies` had come whole before. They are worth keeping: a server
 * that drops the line after a message it cannot read (Dovecot's default imap_fetch_failure), or
 * keeps refusing that one ([UNAVAILABLE], [LIMIT]), would otherwise cost the whole batch on every
 * attempt.
 */
export class BodiesBeforeLoss extends Error {
  constructor(
    readonly bodies: RemoteBody[],
    cause: unknown,
  ) {
    super('connection lost during a FETCH', { cause });
    this.name = 'BodiesBeforeLoss';
  }
}

/**
 * What a session has to tell besides its answers, sanitized to one line: an [ALERT] of the server
 * (RFC 3501 §7.1, to be shown to the user), or a message it sent no readable FETCH for (skipped).
 */
export type RemoteNotice =
  { kind: 'alert'; text: string } | { kind: 'unreadable-message'; mailbox: string; uid?: number; reason: string };

/** What IDLE reports of the mailbox watched (new mail, messages gone, flags changed) or, with NOTIFY, of another one. */
export type RemoteChange = 'exists' | 'expunge' | 'flags' | 'other-mailbox';

export interface IdleOptions {
  /** IDLE is ended with DONE and issued again this often (servers drop an IDLE after 30 minutes). */
  reissueMs: number;
  onChange(change: RemoteChange): void;
}

export interface RemoteIdle {
  /** NOTIFY (RFC 5465) reports changes of every mailbox, not only the one watched. */
  readonly allMailboxes: boolean;
  /** Settles when the idling ends: resolved after stop(), rejected when the connection fails. */
  readonly ended: Promise<void>;
  /** DONE, then no more IDLE; resolves once the server answered (or the connection is gone). */
  stop(): Promise<void>;
}

export interface RemoteSession {
  readonly host: string;
  /** How the connection carries the session (COMPRESS and the rule that chose it), for --verbose. */
  readonly transport?: string;
  /** Receives the session's notices; those from before (an [ALERT] at login) come at once. */
  onNotice?(listener: (notice: RemoteNotice) => void): void;
  /** Whether `uid` of `mailbox` came back in a FETCH answer that could not be read (so it is not gone). */
  wasUnreadable?(mailbox: string, uid: number): boolean;
  /** Its EXAMINEs report the changes (QRESYNC), so the next mailbox's can be pipelined behind them (`onSent`). */
  readonly pipelinesNext?: boolean;
  /** The server runs on this machine: a round trip costs nothing, a connection the server's CPU (sessionsWanted). */
  readonly onThisMachine?: boolean;
  /** The server names each message across mailboxes (X-GM-MSGID, EMAILID): store-once can link its copies. */
  readonly namesMessages?: boolean;
  /**
   * Every mailbox (LIST, with STATUS where the server has LIST-STATUS). `onListed` gets each mailbox
   * as soon as its STATUS arrived, while the rest of the listing is still coming.
   */
  list(onListed?: (mailbox: RemoteMailbox) => void, scope?: ListScope): Promise<RemoteMailbox[]>;
  /** The server's NAMESPACE answer; undefined where it has none. */
  namespaces?(): Promise<RemoteNamespaces | undefined>;
  status(mailbox: RemoteMailbox): Promise<RemoteStatus>;
  /** Whether the server still lists the mailbox as one to open (asked when it refused it). */
  stillListed?(mailbox: RemoteMailbox): Promise<boolean>;
  /**
   * EXAMINE (read-only SELECT). With `resync` and a server that has QRESYNC, the same command
   * also reports what vanished and changed since then (`changes`); otherwise `changes` is absent.
   * `onSent` is called once the EXAMINE and the prefetch are queued on the connection, if the
   * EXAMINE is one that reports the changes (QRESYNC): a command issued after that runs on the
   * mailbox selected next, not on this one.
   */
  examine(
    mailbox: RemoteMailbox,
    resync?: ResyncPoint,
    prefetch?: Prefetch,
    onSent?: () => void,
  ): Promise<RemoteExamined>;
  /** Every UID in the examined mailbox. */
  listUids(): Promise<number[]>;
  /** UID FETCH range (UID FLAGS RFC822.SIZE), optionally only those changed since a mod-sequence. */
  fetchUidsAndFlags(range: string, changedSince?: number): Promise<RemoteMessageInfo[]>;
  /**
   * BODY.PEEK[] of these UIDs held in memory (small messages), in UID order. With `firstBytes`,
   * only that much of each is fetched (sizes unknown yet): bigger messages come back `partial`.
   * The FETCH is queued on the connection when the call returns: a command issued after it is
   * answered after it, so the session may go on to the next mailbox while the bodies come in.
   * A lost connection, or a NO asking to wait, rejects with BodiesBeforeLoss when some bodies had come.
   * A set the server refuses whole (a BAD, or a NO that gave no body) is asked again in halves: only
   * a message refused alone is missing from the answer (and told as unreadable).
   */
  fetchBodies(uids: number[], firstBytes?: number): Promise<RemoteBody[]>;
  /**
   * One big message whose body is fetched in chunks (BODY.PEEK[]<offset.length>) while it is read,
   * so memory stays bounded. Drain it before issuing another command on this session.
   */
  streamBody(uid: number): Promise<RemoteBody>;
  /** Message-ID header (BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]) and size of each UID, for re-matching. */
  fetchMessageIds(uids: number[]): Promise<Map<number, { messageId: string | null; size: number }>>;
  /**
   * Which of these UIDs the examined mailbox still holds, asked after a NOOP (a server may report
   * another session's expunges only then): one round trip. Queued on the connection when the call
   * returns, as fetchBodies.
   */
  uidsStillThere(uids: number[]): Promise<Set<number>>;
  /** The server offers IDLE (RFC 2177). */
  readonly canIdle?: boolean;
  /** EXAMINE `mailbox`, then IDLE on it until stopped; the session serves nothing else meanwhile. */
  idle?(mailbox: RemoteMailbox, options: IdleOptions): Promise<RemoteIdle>;
  close(): Promise<void>;
}

/** What a run gives each of its connects. */
export interface ConnectRun {
  /** The run's stop (^C, SIGTERM, quitting the app): aborted, a connect still under way ends at once (STOPPED). */
  stop?: AbortSignal;
  /** Told what the run goes on despite (a renewed sign-in that could not be stored). */
  onNotice?: (message: string) => void;
}

/** Opens an authenticated session for an account (injectable for tests). */
export type RemoteConnector = (
  account: import('../config/types.js').AccountConfig,
  run?: ConnectRun,
) => Promise<RemoteSession>;

/**
 * What a pass lists (undefined: every mailbox). As mbsync lists a store with a Path: only the
 * mailboxes under `prefix`, and INBOX where the pass keeps it.
 */
export interface ListScope {
  prefix: string;
  inbox: boolean;
}

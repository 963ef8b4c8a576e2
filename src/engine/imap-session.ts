// The IMAP side of the sync: TLS with verification, cleartext only on loopback, and read-only
// commands only (LIST, STATUS, EXAMINE, UID SEARCH, UID FETCH with BODY.PEEK), on our own
// connection (imap/): imapflow parsed ~95 MB/s and cost ~0.4 ms of CPU per command here.
import { readFile } from 'node:fs/promises';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import type { AccountConfig } from '../config/types.js';
import { resolvePassword, resolveUser } from './credentials.js';
import { SyncError } from './errors.js';
import { readFetchAttributes, type FetchAttributes } from './imap/fetch-response.js';
import { ImapConnection, type UntaggedResponse } from './imap/imap-connection.js';
import { ImapCommandError } from './imap/imap-errors.js';
import { ImapProtocolError } from './imap/protocol-error.js';
import { decodeMailboxName, encodeMailboxName } from '../text/mutf7.js';
import type { ResponseCursor } from './imap/response-parser.js';
import { parseMessageIdHeader } from './message-id.js';
import { expandUidSet, normalizeUidRanges, parseUidRanges, uidSet } from './uid-set.js';
import type { RemoteBody, RemoteExamined, RemoteMailbox, RemoteMessageInfo, RemoteSession, RemoteStatus } from './remote.js';

/** Chunk size for streamed big messages (each chunk is one literal held in memory). */
const STREAM_CHUNK = 1024 * 1024;
/** Largest literal accepted from the server: bodies above 4 MB are streamed in 1 MB chunks. */
const MAX_LITERAL_BYTES = 16 * 1024 * 1024;
/** A LIST answer beyond this is not an account but an attack on our memory. */
const MAX_MAILBOXES = 100_000;

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Refuses a cleartext login anywhere but on this machine. */
export function assertTransportAllowed(account: Pick<AccountConfig, 'host' | 'tls'>): void {
  if (account.tls === 'none' && !isLoopbackHost(account.host)) {
    throw new SyncError('CLEARTEXT_REFUSED', 'account', 'final',
      `refusing cleartext login to ${account.host} (set TLS to imaps or starttls)`);
  }
}

async function trustedCertificates(account: AccountConfig): Promise<string[] | undefined> {
  if (account.certificateFile === undefined) return account.systemCertificates ? undefined : [];
  let own: string;
  try {
    own = await readFile(account.certificateFile, 'utf8');
  } catch (error) {
    throw new SyncError('TLS_CERT', 'account', 'final',
      `cannot read CertificateFile ${account.certificateFile}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return account.systemCertificates ? [...rootCertificates, own] : [own];
}

/** Parsing the CA list costs more than a handshake: one context per trust setting, shared by all sessions. */
const secureContexts = new Map<string, Promise<SecureContext>>();

function secureContextFor(account: AccountConfig): Promise<SecureContext> {
  const key = JSON.stringify([account.certificateFile, account.systemCertificates, account.minTlsVersion]);
  let context = secureContexts.get(key);
  if (context === undefined) {
    context = trustedCertificates(account).then((ca) => createSecureContext({
      ...(ca !== undefined ? { ca } : {}),
      ...(account.minTlsVersion !== undefined ? { minVersion: account.minTlsVersion as 'TLSv1.2' } : {}),
    }));
    // A failure (unreadable CertificateFile) is not cached: the next session reports it afresh.
    context.catch(() => secureContexts.delete(key));
    secureContexts.set(key, context);
  }
  return context;
}

const QUOTABLE = /^[\x20-\x7e]*$/;

function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** A mailbox name as an IMAP quoted string; names that cannot be one are refused, never sent. */
function quoteMailbox(wire: string, name: string): string {
  if (!QUOTABLE.test(wire)) {
    throw new SyncError('MAILBOX_NAME', 'mailbox', 'final', `mailbox name ${JSON.stringify(name)} cannot be sent back to the server`);
  }
  return quoted(wire);
}

/** A login string: quoted when it can be, else a literal (the connection sends it after `+`). */
function loginString(value: string, literals: Buffer[]): string {
  if (QUOTABLE.test(value)) return quoted(value);
  const bytes = Buffer.from(value, 'utf8');
  literals.push(bytes);
  return `{${bytes.length}}`;
}

/**
 * A number the server sent, or undefined when it is none or beyond 2^53: a mod-sequence rounded
 * up would make CHANGEDSINCE miss changes, so without it the mailbox is listed in full.
 */
function safeNumber(text: string): number | undefined {
  if (!/^\d{1,20}$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

function statusItems(cursor: ResponseCursor): RemoteStatus | undefined {
  const items = cursor.list();
  const values = new Map<string, number>();
  for (let i = 0; i + 1 < items.length; i += 2) {
    const key = items[i];
    const value = items[i + 1];
    const number = typeof value === 'string' ? safeNumber(value) : undefined;
    if (typeof key === 'string' && number !== undefined) values.set(key.toUpperCase(), number);
  }
  const uidValidity = values.get('UIDVALIDITY');
  const uidNext = values.get('UIDNEXT');
  if (uidValidity === undefined || uidNext === undefined) return undefined;
  const highestModSeq = values.get('HIGHESTMODSEQ');
  return { messages: values.get('MESSAGES') ?? 0, uidNext, uidValidity, ...(highestModSeq !== undefined ? { highestModSeq } : {}) };
}

function codeNumber(code: string | undefined, name: string): number | undefined {
  if (code === undefined) return undefined;
  const m = new RegExp(`^${name} (\\d{1,20})$`, 'i').exec(code);
  return m === null ? undefined : safeNumber(m[1]!);
}

async function login(connection: ImapConnection, user: string, pass: string): Promise<void> {
  const caps = connection.capabilities;
  try {
    if (caps.has('AUTH=PLAIN') && caps.has('SASL-IR')) {
      const token = Buffer.from(`\0${user}\0${pass}`, 'utf8').toString('base64');
      await connection.run(`AUTHENTICATE PLAIN ${token}`);
    } else {
      if (caps.has('LOGINDISABLED')) throw new SyncError('AUTH_FAILED', 'account', 'final', 'the server does not allow LOGIN on this connection');
      const literals: Buffer[] = [];
      await connection.run(`LOGIN ${loginString(user, literals)} ${loginString(pass, literals)}`, undefined, literals);
    }
  } catch (error) {
    if (error instanceof ImapCommandError) error.authenticationFailed = true;
    throw error;
  }
  // Capabilities change after login (RFC 3501 §6.2.3); most servers send them with the OK.
  if (connection.capabilities === caps) await connection.run('CAPABILITY');
}

export async function connectImap(account: AccountConfig): Promise<RemoteSession> {
  assertTransportAllowed(account);
  const [user, pass, secureContext] = await Promise.all([resolveUser(account), resolvePassword(account), secureContextFor(account)]);
  const connection = await ImapConnection.connect({
    host: account.host,
    port: account.port,
    security: account.tls,
    secureContext,
    timeoutMs: Math.max(5, account.timeoutSeconds) * 1000,
    maxLiteralBytes: MAX_LITERAL_BYTES,
  });
  try {
    if (connection.preauthenticated) {
      // PREAUTH skips STARTTLS: on anything but implicit TLS the session would run in cleartext.
      if (account.tls !== 'imaps') {
        throw new SyncError('CLEARTEXT_REFUSED', 'account', 'final', `refusing PREAUTH on a cleartext connection to ${account.host}`);
      }
    } else {
      await login(connection, user, pass);
    }
  } catch (error) {
    await connection.logout();
    throw error;
  }
  return imapSession(connection, account.host);
}

/** A mailbox as LIST named it, before its name is decoded. */
interface ListedEntry {
  wire: string;
  delimiter: string | null;
  flags: string[];
}

function imapSession(connection: ImapConnection, host: string): RemoteSession {
  /** The server's own spelling of each listed mailbox, sent back as is. */
  const wireNames = new Map<string, string>();
  let condstore = false;
  let qresyncEnabled = false;
  let examinedMessages = 0;
  const caps = () => connection.capabilities;
  const alive = () => {
    if (!connection.usable) throw connection.lastError;
  };
  const mailboxArg = (mailbox: RemoteMailbox) => quoteMailbox(wireNames.get(mailbox.path) ?? encodeMailboxName(mailbox.path), mailbox.name);

  /** Room for messages that arrive while we look: a server answering with far more is not believed. */
  const uidLimit = () => examinedMessages * 2 + 10_000;

  /**
   * UID FETCH, one row per UID (a later response for the same UID adds to it, e.g. an unsolicited
   * FLAGS update). `asked` keeps only the UIDs asked for; without it (`1:*`) the rows are counted.
   */
  const uidFetch = async (set: string, items: string, options: { asked?: readonly number[]; modifiers?: string } = {}): Promise<FetchAttributes[]> => {
    alive();
    const rows = new Map<number, FetchAttributes>();
    const asked = options.asked ? new Set(options.asked) : undefined;
    await connection.run(`UID FETCH ${set} (${items})${options.modifiers ?? ''}`, (response) => {
      if (response.kind !== 'data' || response.name !== 'FETCH') return;
      const row = readFetchAttributes(response.cursor);
      if (row.uid === undefined || (asked !== undefined && !asked.has(row.uid))) return;
      const seen = rows.get(row.uid);
      if (seen !== undefined) {
        for (const [name, section] of row.sections) seen.sections.set(name, section);
        rows.set(row.uid, { ...seen, ...row, sections: seen.sections });
      } else {
        if (asked === undefined && rows.size >= uidLimit()) throw new ImapProtocolError(`server sent more than ${uidLimit()} FETCH responses for a mailbox of ${examinedMessages}`);
        rows.set(row.uid, row);
      }
    });
    return [...rows.values()];
  };

  const toInfo = (row: FetchAttributes): RemoteMessageInfo => ({ uid: row.uid!, flags: row.flags ?? [], size: row.size ?? 0 });
  const toBody = (row: FetchAttributes, body: RemoteBody['body'], size: number): RemoteBody => ({
    uid: row.uid!,
    flags: row.flags ?? [],
    ...(row.internalDate !== undefined ? { internalDate: row.internalDate } : {}),
    size,
    body,
  });

  const fetchBodies = async (uids: number[], firstBytes?: number): Promise<RemoteBody[]> => {
    if (uids.length === 0) return [];
    const [item, section] = firstBytes === undefined ? ['BODY.PEEK[]', 'BODY[]'] : [`BODY.PEEK[]<0.${firstBytes}>`, 'BODY[]<0>'];
    const rows = await uidFetch(uidSet(uids), `UID FLAGS INTERNALDATE RFC822.SIZE ${item}`, { asked: uids });
    return rows
      .filter((row) => row.sections.has(section))
      .sort((a, b) => a.uid! - b.uid!)
      .map((row) => {
        const body = row.sections.get(section)!;
        const partial = firstBytes !== undefined && (row.size !== undefined ? row.size > body.length : body.length >= firstBytes);
        return { ...toBody(row, body, row.size ?? body.length), ...(partial ? { partial: true as const } : {}) };
      });
  };

  return {
    host,
    pipelinesNext: caps().has('QRESYNC') && caps().has('ENABLE'),
    async list(onListed) {
      alive();
      const listStatus = caps().has('LIST-STATUS');
      const statusKeys = `MESSAGES UIDNEXT UIDVALIDITY${caps().has('CONDSTORE') ? ' HIGHESTMODSEQ' : ''}`;
      const listed: ListedEntry[] = [];
      const byWire = new Map<string, ListedEntry>();
      const statuses = new Map<string, RemoteStatus>();
      const toMailbox = ({ wire, delimiter, flags }: ListedEntry): RemoteMailbox => {
        const decoded = decodeMailboxName(wire);
        const path = decoded.toUpperCase() === 'INBOX' ? 'INBOX' : decoded;
        wireNames.set(path, wire);
        const status = statuses.get(wire);
        return {
          path,
          delimiter,
          name: delimiter ? path.split(delimiter).join('/') : path,
          selectable: !flags.includes('\\noselect') && !flags.includes('\\nonexistent'),
          ...(status !== undefined ? { status } : {}),
        };
      };
      const onUntagged = (response: UntaggedResponse) => {
        if (response.kind !== 'data') return;
        const { cursor } = response;
        if (response.name === 'LIST') {
          const flags = cursor.list().filter((f): f is string => typeof f === 'string').map((f) => f.toLowerCase());
          cursor.skipSpaces();
          const delimiter = cursor.string();
          cursor.skipSpaces();
          const wire = cursor.string();
          if (listed.length >= MAX_MAILBOXES) throw new ImapProtocolError(`server listed more than ${MAX_MAILBOXES} mailboxes`);
          if (wire === null) return;
          const entry = { wire, delimiter: delimiter || null, flags };
          listed.push(entry);
          byWire.set(wire, entry);
        } else if (response.name === 'STATUS') {
          const wire = cursor.string();
          cursor.skipSpaces();
          const status = statusItems(cursor);
          if (wire === null || status === undefined) return;
          statuses.set(wire, status);
          const entry = byWire.get(wire);
          if (entry !== undefined) onListed?.(toMailbox(entry));
        }
      };
      await connection.run(`LIST "" "*"${listStatus ? ` RETURN (STATUS (${statusKeys}))` : ''}`, onUntagged);
      return listed.map(toMailbox);
    },
    async status(mailbox): Promise<RemoteStatus> {
      alive();
      let status: RemoteStatus | undefined;
      await connection.run(`STATUS ${mailboxArg(mailbox)} (MESSAGES UIDNEXT UIDVALIDITY${caps().has('CONDSTORE') ? ' HIGHESTMODSEQ' : ''})`, (response) => {
        if (response.kind !== 'data' || response.name !== 'STATUS') return;
        response.cursor.string();
        response.cursor.skipSpaces();
        status = statusItems(response.cursor) ?? status;
      });
      if (status === undefined) throw new SyncError('MAILBOX_GONE', 'mailbox', 'final', `the server sent no STATUS for ${mailbox.name}`);
      return status;
    },
    async examine(mailbox, resync, prefetch, onSent): Promise<RemoteExamined> {
      alive();
      const useCondstore = caps().has('CONDSTORE');
      // QRESYNC (RFC 7162): vanished UIDs and changed flags come with the EXAMINE, no listing needed.
      const useQresync = resync !== undefined && caps().has('QRESYNC') && caps().has('ENABLE');
      if (useQresync && !qresyncEnabled) {
        await connection.run('ENABLE QRESYNC');
        qresyncEnabled = true;
      }
      let messages = 0;
      let uidNext = 0;
      let uidValidity = 0;
      let highestModSeq: number | undefined;
      let noModSeq = false;
      const vanished: [number, number][] = [];
      const changed = new Map<number, string[]>();
      const parameters = useQresync ? ` (QRESYNC (${resync.uidValidity} ${resync.modSeq}))` : useCondstore ? ' (CONDSTORE)' : '';
      const examined = connection.run(`EXAMINE ${mailboxArg(mailbox)}${parameters}`, (response) => {
        if (response.kind === 'status') {
          const code = response.result.code;
          // RFC 7162 §3.2.11: what came before [CLOSED] was about the mailbox selected until now
          // (say, an expunge in it reported late, while this EXAMINE was pipelined behind it).
          if (code?.toUpperCase() === 'CLOSED') {
            messages = uidNext = uidValidity = 0;
            highestModSeq = undefined;
            noModSeq = false;
            vanished.length = 0;
            changed.clear();
            return;
          }
          uidNext = codeNumber(code, 'UIDNEXT') ?? uidNext;
          uidValidity = codeNumber(code, 'UIDVALIDITY') ?? uidValidity;
          highestModSeq = codeNumber(code, 'HIGHESTMODSEQ') ?? highestModSeq;
          if (code?.toUpperCase() === 'NOMODSEQ') noModSeq = true;
          return;
        }
        if (response.name === 'EXISTS' && response.number !== undefined) messages = response.number;
        if (!useQresync) return;
        if (response.name === 'VANISHED') {
          const { cursor } = response;
          cursor.skipSpaces();
          if (cursor.peek() === '(') cursor.list(); // (EARLIER)
          cursor.skipSpaces();
          try {
            vanished.push(...parseUidRanges(cursor.rest().trim()));
          } catch {
            throw new ImapProtocolError(`unreadable VANISHED: ${cursor.rest().slice(0, 60)}`);
          }
        } else if (response.name === 'FETCH') {
          const row = readFetchAttributes(response.cursor);
          if (row.uid === undefined || row.flags === undefined) return;
          if (!changed.has(row.uid) && changed.size >= messages * 2 + 10_000) throw new ImapProtocolError(`server reported more changes than ${mailbox.name} holds`);
          changed.set(row.uid, row.flags);
        }
      });
      // Sent right behind the EXAMINE: the server runs it once the mailbox is open (or refuses it
      // if the EXAMINE failed, whose error is the one reported).
      const prefetched = prefetch?.uids.length ? fetchBodies(prefetch.uids, prefetch.firstBytes) : undefined;
      prefetched?.catch(() => undefined);
      // Only an EXAMINE that reports the changes can be all a pass needs (CONDSTORE alone cannot).
      if (useQresync) onSent?.();
      await examined;
      const bodies = await prefetched;
      condstore = useCondstore && highestModSeq !== undefined && !noModSeq;
      examinedMessages = messages;
      // The server answered with changes only if the resync point still holds (same UIDVALIDITY).
      const answered = useQresync && condstore && uidValidity === resync.uidValidity;
      return {
        messages, uidNext, uidValidity, condstore,
        ...(highestModSeq !== undefined && !noModSeq ? { highestModSeq } : {}),
        ...(answered ? { changes: { vanished: normalizeUidRanges(vanished), changed: [...changed].map(([uid, flags]) => ({ uid, flags })) } } : {}),
        ...(bodies !== undefined ? { prefetched: bodies } : {}),
      };
    },
    async listUids() {
      alive();
      const uids: number[] = [];
      const limit = uidLimit();
      const tooMany = () => new ImapProtocolError(`server listed more than ${limit} UIDs for a mailbox of ${examinedMessages}`);
      if (caps().has('ESEARCH')) {
        await connection.run('UID SEARCH RETURN (ALL) ALL', (response) => {
          if (response.kind !== 'data' || response.name !== 'ESEARCH') return;
          const m = /\bALL (\S+)/i.exec(response.cursor.rest());
          if (m === null) return;
          let expanded: number[];
          try {
            expanded = expandUidSet(m[1]!, limit - uids.length);
          } catch {
            throw tooMany();
          }
          for (const uid of expanded) uids.push(uid);
        });
      } else {
        await connection.run('UID SEARCH ALL', (response) => {
          if (response.kind !== 'data' || response.name !== 'SEARCH') return;
          for (const n of response.cursor.rest().trim().split(/\s+/)) {
            if (!/^\d{1,10}$/.test(n)) continue;
            if (uids.length >= limit) throw tooMany();
            uids.push(Number(n));
          }
        });
      }
      return uids.sort((a, b) => a - b);
    },
    async fetchUidsAndFlags(range, changedSince) {
      const modifier = changedSince !== undefined && condstore ? ` (CHANGEDSINCE ${changedSince})` : '';
      return (await uidFetch(range, 'UID FLAGS RFC822.SIZE', { modifiers: modifier })).map(toInfo);
    },
    fetchBodies,
    async streamBody(uid) {
      const [meta] = await uidFetch(String(uid), 'UID FLAGS INTERNALDATE RFC822.SIZE', { asked: [uid] });
      if (meta === undefined) throw new SyncError('MESSAGE_GONE', 'message', 'temp', `message UID ${uid} is gone from the server`);
      const size = meta.size ?? 0;
      async function* chunks(): AsyncGenerator<Buffer> {
        for (let start = 0; start < size; start += STREAM_CHUNK) {
          const [part] = await uidFetch(String(uid), `UID BODY.PEEK[]<${start}.${STREAM_CHUNK}>`, { asked: [uid] });
          const chunk = part?.sections.get(`BODY[]<${start}>`);
          if (chunk === undefined) throw new SyncError('MESSAGE_GONE', 'message', 'temp', `message UID ${uid} vanished while downloading`);
          yield chunk;
          if (chunk.length < STREAM_CHUNK) return;
        }
      }
      return toBody(meta, chunks(), size);
    },
    async fetchMessageIds(uids) {
      const result = new Map<number, { messageId: string | null; size: number }>();
      if (uids.length === 0) return result;
      for (const row of await uidFetch(uidSet(uids), 'UID RFC822.SIZE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]', { asked: uids })) {
        result.set(row.uid!, { messageId: parseMessageIdHeader(row.sections.get('BODY[HEADER.FIELDS (MESSAGE-ID)]')), size: row.size ?? 0 });
      }
      return result;
    },
    async close() {
      await connection.logout();
    },
  };
}

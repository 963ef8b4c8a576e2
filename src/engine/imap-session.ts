// The IMAP side of the sync, on imapflow: TLS with verification, cleartext only on loopback,
// read-only commands only (LIST, STATUS, EXAMINE, FETCH with BODY.PEEK).
import { readFile } from 'node:fs/promises';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { ImapFlow } from 'imapflow';
import type { AccountConfig } from '../config/types.js';
import { resolvePassword, resolveUser } from './credentials.js';
import { SyncError } from './errors.js';
import { parseMessageIdHeader } from './message-id.js';
import { uidSet } from './uid-set.js';
import type { RemoteBody, RemoteExamined, RemoteMailbox, RemoteSession, RemoteStatus } from './remote.js';

/** Chunk size for streamed big messages: imapflow holds each literal 2–3 times while parsing. */
const STREAM_CHUNK = 1024 * 1024;

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

function toNumber(value: bigint | number | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

interface ImapStatus { messages?: number; uidNext?: number; uidValidity?: bigint; highestModseq?: bigint }

function toRemoteStatus(s: ImapStatus): RemoteStatus {
  const highestModSeq = toNumber(s.highestModseq);
  return {
    messages: s.messages ?? 0,
    uidNext: s.uidNext ?? 0,
    uidValidity: toNumber(s.uidValidity) ?? 0,
    ...(highestModSeq !== undefined ? { highestModSeq } : {}),
  };
}

const STATUS_QUERY = { messages: true, uidNext: true, uidValidity: true, highestModseq: true } as const;

export async function connectImap(account: AccountConfig): Promise<RemoteSession> {
  assertTransportAllowed(account);
  const [user, pass, secureContext] = await Promise.all([resolveUser(account), resolvePassword(account), secureContextFor(account)]);
  const timeoutMs = Math.max(5, account.timeoutSeconds) * 1000;
  let loggedIn = false;
  const client = new ImapFlow({
    host: account.host,
    port: account.port,
    secure: account.tls === 'imaps',
    doSTARTTLS: account.tls === 'starttls' ? true : account.tls === 'none' ? false : undefined,
    auth: { user, pass },
    tls: { rejectUnauthorized: true, secureContext },
    // imapflow sets `authenticated = true` after PREAUTH and after LOGIN alike; only this log
    // line tells that credentials were actually used.
    logger: {
      debug: () => undefined, warn: () => undefined, error: () => undefined,
      info: (entry: { msg?: string }) => { if (entry?.msg === 'User authenticated') loggedIn = true; },
    },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    disableAutoIdle: true,
    qresync: false,
  });
  let lastError: unknown;
  // Without a listener a socket timeout between commands would crash the process.
  client.on('error', (error: unknown) => {
    lastError = error;
  });
  await client.connect();
  if (account.tls === 'none' && !loggedIn) {
    await client.logout().catch(() => undefined);
    throw new SyncError('CLEARTEXT_REFUSED', 'account', 'final', `refusing PREAUTH on a cleartext connection to ${account.host}`);
  }
  const alive = () => {
    if (!client.usable) throw lastError ?? Object.assign(new Error('connection closed'), { code: 'NoConnection' });
  };
  let condstore = false;

  const session: RemoteSession = {
    host: account.host,
    async list() {
      alive();
      // Without LIST-STATUS imapflow would send a STATUS for every mailbox, wanted or not.
      const withStatus = client.capabilities.has('LIST-STATUS');
      const entries = await client.list(withStatus ? { statusQuery: STATUS_QUERY } : {});
      return entries.map((entry): RemoteMailbox => {
        const delimiter = entry.delimiter || null;
        const isInbox = entry.path.toUpperCase() === 'INBOX' || entry.specialUse === '\\Inbox';
        const path = isInbox && entry.path.toUpperCase() === 'INBOX' ? 'INBOX' : entry.path;
        const status = entry.status as ImapStatus | undefined;
        return {
          path,
          delimiter,
          name: delimiter ? path.split(delimiter).join('/') : path,
          selectable: !entry.flags.has('\\Noselect') && !entry.flags.has('\\NonExistent'),
          ...(status?.uidValidity !== undefined && status.uidNext !== undefined ? { status: toRemoteStatus(status) } : {}),
        };
      });
    },
    async status(mailbox): Promise<RemoteStatus> {
      alive();
      const s = await client.status(mailbox.path, STATUS_QUERY);
      if (!s) throw new SyncError('MAILBOX_GONE', 'mailbox', 'final', `mailbox ${mailbox.name} is gone from the server`);
      return toRemoteStatus(s);
    },
    async examine(mailbox): Promise<RemoteExamined> {
      alive();
      const m = await client.mailboxOpen(mailbox.path, { readOnly: true });
      const highestModSeq = toNumber(m.highestModseq);
      condstore = highestModSeq !== undefined && !m.noModseq;
      return {
        messages: m.exists,
        uidNext: m.uidNext,
        uidValidity: Number(m.uidValidity),
        condstore,
        ...(highestModSeq !== undefined ? { highestModSeq } : {}),
      };
    },
    async listUids() {
      alive();
      const found = await client.search({ all: true }, { uid: true });
      return (found || []).sort((a, b) => a - b);
    },
    async fetchUidsAndFlags(range, changedSince) {
      alive();
      const options = { uid: true, ...(changedSince !== undefined && condstore ? { changedSince: BigInt(changedSince) } : {}) };
      const rows = await client.fetchAll(range, { uid: true, flags: true, size: true }, options);
      return rows.map((row) => ({ uid: row.uid, flags: [...(row.flags ?? [])], size: row.size ?? 0 }));
    },
    async fetchBodies(uids) {
      alive();
      if (uids.length === 0) return [];
      const rows = await client.fetchAll(uidSet(uids), { uid: true, flags: true, internalDate: true, size: true, source: true }, { uid: true });
      return rows
        .filter((row) => row.source !== undefined)
        .sort((a, b) => a.uid - b.uid)
        .map((row): RemoteBody => ({
          uid: row.uid,
          flags: [...(row.flags ?? [])],
          ...(row.internalDate !== undefined ? { internalDate: new Date(row.internalDate) } : {}),
          size: row.size ?? row.source!.length,
          body: row.source!,
        }));
    },
    async streamBody(uid) {
      alive();
      const meta = await client.fetchOne(String(uid), { uid: true, flags: true, internalDate: true, size: true }, { uid: true });
      if (!meta) throw new SyncError('MESSAGE_GONE', 'message', 'temp', `message UID ${uid} is gone from the server`);
      const size = meta.size ?? 0;
      async function* chunks(): AsyncGenerator<Buffer> {
        for (let start = 0; start < size; start += STREAM_CHUNK) {
          alive();
          const part = await client.fetchOne(String(uid), { source: { start, maxLength: STREAM_CHUNK } }, { uid: true });
          if (!part || !part.source) throw new SyncError('MESSAGE_GONE', 'message', 'temp', `message UID ${uid} vanished while downloading`);
          yield part.source;
          if (part.source.length < STREAM_CHUNK) return;
        }
      }
      return {
        uid,
        flags: [...(meta.flags ?? [])],
        ...(meta.internalDate !== undefined ? { internalDate: new Date(meta.internalDate) } : {}),
        size,
        body: chunks(),
      };
    },
    async fetchMessageIds(uids) {
      alive();
      const result = new Map<number, { messageId: string | null; size: number }>();
      if (uids.length === 0) return result;
      const rows = await client.fetchAll(uidSet(uids), { uid: true, size: true, headers: ['message-id'] }, { uid: true });
      for (const row of rows) {
        result.set(row.uid, { messageId: parseMessageIdHeader(row.headers), size: row.size ?? 0 });
      }
      return result;
    },
    async close() {
      if (client.usable) await client.logout().catch(() => undefined);
      client.close();
    },
  };
  return session;
}


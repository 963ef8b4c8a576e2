// GETQUOTAROOT (RFC 2087, RFC 9208): the storage a mailbox's quota roots allow and use, so that
// restore can tell a message bigger than the whole quota from an account that is full (Dovecot
// answers both `NO [OVERQUOTA] Quota exceeded (mailbox for user is full)`).
import type { QuotaStorage } from '../remote-writer.js';
import { safeNumber, type MailboxArg } from './command-args.js';
import type { UntaggedResponse } from './connection-types.js';
import type { ImapConnection } from './imap-connection.js';
import { ImapCommandError } from './imap-errors.js';
import type { ResponseCursor } from './response-parser.js';

/** RFC 9208 §5: STORAGE is counted in units of 1024 octets. */
const STORAGE_UNIT = 1024;

/** An RFC 9208 server may name only its QUOTA=RES-* resources, not the bare QUOTA of RFC 2087. */
export function hasQuota(capabilities: ReadonlySet<string>): boolean {
  for (const capability of capabilities) if (capability === 'QUOTA' || capability.startsWith('QUOTA=RES-')) return true;
  return false;
}

/**
 * The STORAGE of each quota root of the mailbox (`* QUOTA root (STORAGE used limit ...)`); none
 * where the server has no QUOTA, no STORAGE limit, or refuses to tell. A server that names the
 * roots but not their QUOTA (RFC 9208 allows it) is not asked again with GETQUOTA: restore then
 * goes by the response codes, as without QUOTA.
 */
export async function mailboxQuota(connection: ImapConnection, mailbox: MailboxArg): Promise<QuotaStorage[]> {
  if (!hasQuota(connection.capabilities)) return [];
  const roots: QuotaStorage[] = [];
  const onQuota = (response: UntaggedResponse) => {
    if (response.kind !== 'data' || response.number !== undefined || response.name !== 'QUOTA') return;
    const storage = storageOf(response.cursor);
    if (storage !== undefined) roots.push(storage);
  };
  try {
    await connection.run(`GETQUOTAROOT ${mailbox.text}`, onQuota, mailbox.literals);
  } catch (error) {
    if (error instanceof ImapCommandError) return [];
    throw error;
  }
  return roots;
}

/** `root (STORAGE 147 200 MESSAGE 3 1000)` → STORAGE in bytes; a root without a STORAGE limit names none. */
function storageOf(cursor: ResponseCursor): QuotaStorage | undefined {
  cursor.string();
  cursor.skipSpaces();
  const resources = cursor.list();
  for (let i = 0; i + 2 < resources.length; i += 3) {
    const [name, used, limit] = resources.slice(i, i + 3).map((v) => (typeof v === 'string' ? v : ''));
    if (name!.toUpperCase() !== 'STORAGE') continue;
    const usedUnits = safeNumber(used!);
    const limitUnits = safeNumber(limit!);
    if (usedUnits === undefined || limitUnits === undefined) return undefined;
    return { usedBytes: usedUnits * STORAGE_UNIT, limitBytes: limitUnits * STORAGE_UNIT };
  }
  return undefined;
}

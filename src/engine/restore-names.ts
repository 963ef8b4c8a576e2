// A source folder's name on the target server: the same `/`-separated parts (under PREFIX),
// joined with the server's hierarchy delimiter. A name whose parts no server folder can carry
// (empty, `.` or `..`, control characters, the delimiter itself) is refused with the reason; one
// in another user's or the shared namespace is left out.
import { mailboxDisplayName } from '../maildir/index.js';
import type { RemoteMailbox, RemoteNamespaces } from './remote.js';

// C0, DEL, C1.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const MAX_PART_BYTES = 255;

function partProblem(part: string, delimiter: string | null): string | undefined {
  if (part === '') return 'it has an empty part';
  if (part === '.' || part === '..') return `a part is "${part}"`;
  if (CONTROL.test(part)) return 'it contains control characters';
  if (delimiter !== null && part.includes(delimiter)) return `a part contains the server's delimiter "${delimiter}"`;
  if (Buffer.byteLength(part) > MAX_PART_BYTES) return `a part is longer than ${MAX_PART_BYTES} bytes`;
  return undefined;
}

/**
 * Why PREFIX can be no folder on any server, if it cannot (checked before connecting), or on one
 * whose hierarchy delimiter is `delimiter`.
 */
export function prefixProblem(prefix: string, delimiter: string | null = null): string | undefined {
  for (const part of prefix.split('/')) {
    const problem = partProblem(part, delimiter);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/**
 * The target mailbox of `folder`, or why there can be none. A folder name that is wholly IMAP's
 * modified UTF-7 (mbsync 1.4's `Entw&APw-rfe`) is the name it encodes (`Entwürfe`), as mbsync
 * would create it; any other (`R&D`, `Work & Play`) is taken as it is. `home` is the server's
 * personal namespace prefix: on Cyrus (altnamespace off) and Courier it is `INBOX.`, and no
 * folder can be made beside INBOX, so a name outside it goes under it; INBOX and the names under
 * it stay.
 */
export function targetMailbox(
  folder: string,
  prefix: string | undefined,
  delimiter: string | null,
  home = '',
): RemoteMailbox | { problem: string } {
  const name = mailboxDisplayName(folder);
  const parts = [...(prefix !== undefined && prefix !== '' ? prefix.split('/') : []), ...name.split('/')];
  for (const part of parts) {
    const problem = partProblem(part, delimiter);
    if (problem !== undefined) return { problem };
  }
  if (delimiter === null && parts.length > 1) return { problem: 'the server has no folder hierarchy' };
  const joined = parts.join(delimiter ?? '/');
  const path = `${joined}${delimiter ?? ''}`.startsWith(home) ? joined : home + joined;
  return { path, delimiter, name: delimiter === null ? path : path.split(delimiter).join('/'), selectable: true };
}

/**
 * Why `target` is not the user's to restore into, if it is another user's or a shared folder:
 * the namespace holding it is the one with the longest prefix that does (Cyrus without
 * altnamespace names its shared namespace "" and the personal one `INBOX.`), the personal one on
 * a tie.
 */
export function foreignNamespace(target: RemoteMailbox, namespaces: RemoteNamespaces): string | undefined {
  const kinds = [
    ['personal', namespaces.personal],
    ["other users'", namespaces.otherUsers],
    ['shared', namespaces.shared],
  ] as const;
  let holder: { kind: string; prefix: string } | undefined;
  for (const [kind, prefixes] of kinds)
    for (const prefix of prefixes)
      if (holds(prefix, target) && prefix.length > (holder?.prefix.length ?? -1)) holder = { kind, prefix };
  if (holder === undefined || holder.kind === 'personal') return undefined;
  return `it would go into the server's ${holder.kind} namespace "${holder.prefix}"`;
}

/** Whether the namespace `prefix` holds the mailbox; `#shared` holds `#shared.x` (and itself), not `#sharedx`. */
function holds(prefix: string, { path, delimiter }: RemoteMailbox): boolean {
  if (prefix === '') return true;
  const end = delimiter ?? '';
  return `${path}${end}`.startsWith(prefix.endsWith(end) ? prefix : prefix + end);
}

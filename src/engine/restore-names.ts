// A source folder's name on the target server: the same `/`-separated parts (under PREFIX),
// joined with the server's hierarchy delimiter. A name whose parts no server folder can carry
// (empty, `.` or `..`, control characters, the delimiter itself) is refused with the reason.
import type { RemoteMailbox } from './remote.js';

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

/** Why PREFIX can be no folder on any server, if it cannot: checked before connecting. */
export function prefixProblem(prefix: string): string | undefined {
  for (const part of prefix.split('/')) {
    const problem = partProblem(part, null);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/**
 * The target mailbox of `folder`, or why there can be none. `home` is the server's personal
 * namespace prefix: on Cyrus (altnamespace off) and Courier it is `INBOX.`, and no folder can be
 * made beside INBOX, so a name outside it goes under it; INBOX and the names under it stay.
 */
export function targetMailbox(
  folder: string,
  prefix: string | undefined,
  delimiter: string | null,
  home = '',
): RemoteMailbox | { problem: string } {
  const parts = [...(prefix !== undefined && prefix !== '' ? prefix.split('/') : []), ...folder.split('/')];
  for (const part of parts) {
    const problem = partProblem(part, delimiter);
    if (problem !== undefined) return { problem };
  }
  if (delimiter === null && parts.length > 1) return { problem: 'the server has no folder hierarchy' };
  const joined = parts.join(delimiter ?? '/');
  const path = `${joined}${delimiter ?? ''}`.startsWith(home) ? joined : home + joined;
  return { path, delimiter, name: delimiter === null ? path : path.split(delimiter).join('/'), selectable: true };
}

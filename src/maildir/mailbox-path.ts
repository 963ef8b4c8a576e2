// Where a server mailbox lives on disk, following mbsync's SubFolders / Flatten rules (man mbsync):
//   verbatim   top/sub → Path/top/sub          INBOX/sub → Inbox/sub
//   maildir++  top/sub → Inbox/.top.sub        INBOX/sub → Inbox/..sub
//              (folderPrefix .work.: top/sub → localPath/.work.top.sub, INBOX/sub → localPath/.work.INBOX.sub)
//   legacy     top/sub → Path/top/.sub         INBOX/sub → Inbox/.sub
//   Flatten d  top/sub → Path/top<d>sub        INBOX/sub → Path/INBOX<d>sub
// `Path` is joined to the name as text: without a trailing '/' (folderPrefix), top → Path<top>.
// An account with a nearMailbox (an mbsync Channel without Patterns) keeps its one mailbox there.
// Names come from a server, so every component is checked and the result must stay under its root.
import path from 'node:path';
import type { AccountConfig } from '../config/types.js';
import { decodeMailboxName } from '../text/mutf7.js';
import { MailboxNameError } from './errors.js';

export type MailboxLayout = Pick<
  AccountConfig,
  'localPath' | 'inboxPath' | 'subFolders' | 'flatten' | 'nearMailbox' | 'folderPrefix' | 'boxRename'
>;

const MAX_COMPONENT_BYTES = 255;
/** PATH_MAX is 4096; leave room for `/cur/` and a message file name. */
const MAX_PATH_BYTES = 3800;
const MAILDIR_SUBDIRS = new Set(['cur', 'new', 'tmp']);
// C0, DEL, C1.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function mailboxLocalPath(layout: MailboxLayout, name: string, delimiter: string | null): string {
  const fail = (reason: string): never => {
    throw new MailboxNameError(name, reason);
  };
  const near = mbsyncNearName(layout, name, delimiter);
  const parts = near !== undefined ? near.split('/') : delimiter ? name.split(delimiter) : [name];
  // A server's INBOX is INBOX in any case (RFC 3501); a near name from an mbsyncrc only when spelt so:
  // mbsync's Maildir driver keeps `Near :local:Inbox` in Path/Inbox, not in the store's Inbox.
  const inInbox = near !== undefined ? parts[0] === 'INBOX' : parts[0]?.toUpperCase() === 'INBOX';
  if (inInbox && parts.length === 1) return path.resolve(layout.inboxPath);
  const sub = inInbox ? parts.slice(1) : parts;
  // An empty Near box joined as text: `Far :remote:INBOX`, `Near :local:` put INBOX/Sub at Path + '/Sub'.
  const joined = layout.boxRename?.near === '' && near !== undefined && sub.length > 1 && sub[0] === '';
  sub.forEach((component, i) => {
    if (!(i === 0 && joined)) checkComponent(component, fail);
  });
  // mbsync writes Path + name: `Path ~/Mail/gmail-` puts Work at ~/Mail/gmail-Work, and .old at gmail-.old.
  const underPath = layout.flatten || (layout.subFolders !== 'maildir++' && !inInbox);
  const namePrefix = underPath ? (layout.folderPrefix ?? '') : '';
  if (layout.flatten || layout.subFolders !== 'maildir++') {
    sub.forEach((component, i) => {
      if (component.startsWith('.') && !(i === 0 && namePrefix && !inInbox))
        fail('a part starts with "." (it would be hidden, or read as a Maildir++ folder)');
    });
  }

  const flatten = layout.flatten;
  let root: string;
  let relative: string[];
  if (flatten) {
    for (const component of sub)
      if (component.includes(flatten)) fail(`a part contains the Flatten delimiter ${JSON.stringify(flatten)}`);
    root = layout.localPath;
    relative = [(inInbox ? ['INBOX', ...sub] : sub).join(flatten)];
  } else if (layout.subFolders === 'maildir++') {
    for (const component of sub) if (component.includes('.')) fail('a part contains "." (the Maildir++ separator)');
    // A near prefix (`.work.`) makes INBOX a folder like the others, beside the store's Inbox.
    const prefix = layout.folderPrefix;
    root = prefix ? layout.localPath : layout.inboxPath;
    relative = [
      prefix ? prefix + (inInbox ? ['INBOX', ...sub] : sub).join('.') : `.${inInbox ? '.' : ''}${sub.join('.')}`,
    ];
  } else if (layout.subFolders === 'legacy') {
    root = inInbox ? layout.inboxPath : layout.localPath;
    relative = sub.map((component, i) => (i === 0 && !inInbox ? component : `.${component}`));
  } else {
    root = inInbox ? layout.inboxPath : layout.localPath;
    relative = sub;
  }

  if (namePrefix) relative = [namePrefix + relative[0], ...relative.slice(1)];
  const rootIsMaildir = inInbox || path.resolve(layout.localPath) === path.resolve(layout.inboxPath);
  relative.forEach((component, i) => {
    if (Buffer.byteLength(component) > MAX_COMPONENT_BYTES) fail(`a part is longer than ${MAX_COMPONENT_BYTES} bytes`);
    // Verbatim sub-folders live inside their parent maildir, next to its cur/ new/ tmp/.
    if (MAILDIR_SUBDIRS.has(component) && (i > 0 || rootIsMaildir))
      fail(`"${component}" would collide with a Maildir sub-directory`);
  });

  const resolvedRoot = path.resolve(root);
  const result = path.resolve(resolvedRoot, ...relative);
  const prefix = resolvedRoot.endsWith(path.sep) ? resolvedRoot : resolvedRoot + path.sep;
  if (!result.startsWith(prefix)) fail('it points outside the local folder');
  if (Buffer.byteLength(result) > MAX_PATH_BYTES) fail(`the local path would be longer than ${MAX_PATH_BYTES} bytes`);
  // A near box is the one mailbox of its channel: mbsync keeps `Near :local:Inbox` in Path/Inbox even
  // when that is the store's Inbox too (`Inbox ~/Mail/Inbox`).
  if (result === path.resolve(layout.inboxPath) && layout.nearMailbox === undefined)
    fail('it would land in the INBOX folder');
  return result;
}

/**
 * The name mbsync gives the mailbox on the near side ('/'-separated), where it is not the server's:
 * a Channel's one near box (nearMailbox), or the name with the Near box's text in place of the Far
 * box's (boxRename: Archive/2023 → arch/2023). The Far box is matched as written (modified UTF-7)
 * and decoded; a name with a '/' inside one level is left as it is, to fail as such.
 */
export function mbsyncNearName(layout: MailboxLayout, name: string, delimiter: string | null): string | undefined {
  if (layout.nearMailbox !== undefined) return layout.nearMailbox;
  const rename = layout.boxRename;
  if (rename === undefined || (delimiter !== '/' && name.includes('/'))) return undefined;
  const slashed = delimiter ? name.split(delimiter).join('/') : name;
  const far = [rename.far, decodeMailboxName(rename.far)].find((box) => slashed.startsWith(box));
  return far === undefined ? undefined : rename.near + slashed.slice(far.length);
}

function checkComponent(component: string, fail: (reason: string) => never): void {
  if (component === '') fail('empty part (two delimiters in a row, or a leading/trailing one)');
  if (component === '.' || component === '..') fail(`a part is "${component}"`);
  if (component.includes('/')) fail('a part contains "/"');
  if (CONTROL.test(component)) fail('it contains control characters');
}

export interface PathCollision {
  path: string;
  names: string[];
}

/**
 * Server names that would share one local folder (e.g. `a/b` and `a.b` under Flatten ".", or the
 * same text in NFC and NFD). Names that cannot be stored at all are left to mailboxLocalPath's error.
 */
export function detectPathCollisions(
  layout: MailboxLayout,
  names: string[],
  delimiter: string | null,
): PathCollision[] {
  const byPath = new Map<string, PathCollision>();
  for (const name of names) {
    let local: string;
    try {
      local = mailboxLocalPath(layout, name, delimiter);
    } catch (error) {
      if (error instanceof MailboxNameError) continue;
      throw error;
    }
    const key = local.normalize('NFC');
    const entry = byPath.get(key) ?? { path: local, names: [] };
    entry.names.push(name);
    byPath.set(key, entry);
  }
  return [...byPath.values()].filter((entry) => entry.names.length > 1);
}

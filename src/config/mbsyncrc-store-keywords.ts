// The keywords of an IMAPStore (its own, then an IMAPAccount's written inline), a MaildirStore and a Group.
import path from 'node:path';
import { ACCOUNT_KEYWORDS } from './mbsyncrc-account-keywords.js';
import { applyKeyword, type KeywordTable, type Line, type LineContext } from './mbsyncrc-context.js';
import type { GroupSection, ImapStoreSection, MaildirStoreSection } from './mbsyncrc-sections.js';
import { parseBool, parseSize } from './mbsyncrc-values.js';

const IMAP_STORE_KEYWORDS: KeywordTable<ImapStoreSection> = {
  account(store, at, ctx) {
    store.account = { name: ctx.one(at), line: at.line };
    ctx.record(at, 'mapped', `uses IMAPAccount ${store.account.name}`);
  },
  path(store, at, ctx) {
    store.path = ctx.one(at);
    ctx.record(at, 'mapped', `server folder prefix: ${store.path}`);
  },
  usenamespace(store, at, ctx) {
    store.useNamespace = ctx.value(at, parseBool);
    const what = store.useNamespace ? "the server's personal NAMESPACE prefix" : 'none';
    ctx.record(at, 'mapped', `server folder prefix without Path: ${what}`);
  },
  flatten(_store, at, ctx) {
    ctx.one(at);
    ctx.record(at, 'warning', 'Flatten on the server side is not supported; server folders keep their hierarchy');
  },
  maxsize(_store, at, ctx) {
    ctx.value(at, parseSize);
    ctx.record(at, 'ignored', 'only the local side limits what is fetched');
  },
};

export function applyImapStoreKeyword(store: ImapStoreSection, at: Line, ctx: LineContext): boolean {
  return applyKeyword(IMAP_STORE_KEYWORDS, store, at, ctx) || applyKeyword(ACCOUNT_KEYWORDS, store.fields, at, ctx);
}

export const MAILDIR_STORE_KEYWORDS: KeywordTable<MaildirStoreSection> = {
  path(store, at, ctx) {
    // mbsync puts each folder at Path + name, as written: `Path ~/Mail/gmail-` stores Work in
    // ~/Mail/gmail-Work. Without the trailing '/', the last part becomes the folders' name prefix.
    const value = ctx.one(at);
    const expanded = ctx.localPath(at, value);
    if (value.endsWith('/')) store.path = expanded;
    else [store.path, store.folderPrefix] = [path.dirname(expanded), path.basename(expanded)];
    const shown =
      store.folderPrefix === undefined ? store.path : path.join(store.path, `${store.folderPrefix}<folder>`);
    ctx.record(at, 'mapped', `local path: ${shown}`);
  },
  inbox(store, at, ctx) {
    store.inbox = ctx.localPath(at);
    ctx.record(at, 'mapped', `inbox: ${store.inbox}`);
  },
  subfolders(store, at, ctx) {
    store.subFolders = ctx.value(at, parseSubFolders);
    ctx.record(at, 'mapped', `subfolders: ${store.subFolders}`);
  },
  flatten(store, at, ctx) {
    store.flatten = ctx.value(at, (v) => {
      if (v.includes('/')) throw new Error("the delimiter cannot contain '/' (mbsync refuses it too)");
      return v;
    });
    ctx.record(at, 'mapped', `flatten with '${store.flatten}'`);
  },
  altmap(_store, at, ctx) {
    // mbsync then keeps its UIDs in .isyncuidmap.db (Berkeley DB), not in the files' names (,U=).
    if (ctx.value(at, parseBool))
      ctx.record(
        at,
        'warning',
        "mbsync's UIDs are in its .isyncuidmap.db: its files are adopted by Message-ID and size",
      );
    else ctx.record(at, 'ignored', 'not needed by mailkeep');
  },
  maxsize(store, at, ctx) {
    store.maxSize = ctx.value(at, parseSize);
    ctx.record(at, 'mapped', `max message size: ${store.maxSize ?? 'unlimited'}`);
  },
};

const groupChannels = (group: GroupSection, at: Line, ctx: LineContext) => {
  const specs = ctx.some(at);
  group.channels.push(...specs.map((spec) => ({ spec, line: at.line })));
  ctx.record(at, 'mapped', `group ${group.name}: ${specs.join(' ')}`);
};

export const GROUP_KEYWORDS: KeywordTable<GroupSection> = {
  channel: groupChannels,
  channels: groupChannels,
};

function parseSubFolders(v: string): 'verbatim' | 'maildir++' | 'legacy' {
  const style = v.toLowerCase();
  if (style === 'verbatim' || style === 'maildir++' || style === 'legacy') return style;
  throw new Error(`invalid value '${v}' (use Verbatim, Maildir++ or Legacy)`);
}

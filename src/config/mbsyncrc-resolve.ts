// Turns parsed mbsyncrc sections into accounts: one per Channel, its server settings taken from the
// IMAPAccount behind the far store and its local paths from the near MaildirStore.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AccountConfig, MbsyncStateLocation, PasswordSource } from './types.js';
import { ConfigError } from './errors.js';
import { accountStateDir, expandPath, type PathEnv } from './paths.js';
import { accountDefaults } from './presets.js';
import {
  checkNearPath,
  checkNearPrefix,
  farBoxItselfLeftOut,
  foldFarBox,
  nearBoxRename,
  nearLayout,
  reachesSubFoldersUnset,
} from './mbsyncrc-near-store.js';
import type {
  ChannelOptions,
  ChannelSection,
  ImapAccountFields,
  ImapAccountSection,
  ImapStoreSection,
  MaildirStoreSection,
  Section,
  StoreRef,
} from './mbsyncrc-sections.js';
import type { Side } from './mbsyncrc-values.js';

export interface ResolveContext {
  file: string;
  pathEnv: PathEnv;
  warn: (line: number, message: string) => void;
}

/** mbsync's own defaults where a keyword is absent. */
const MBSYNC_TIMEOUT_SECONDS = 20;
const MBSYNC_INBOX = '~/Maildir';
const MBSYNC_STATE_DIR = '~/.mbsync';

export function resolveChannels(sections: Section[], globals: ChannelOptions, ctx: ResolveContext): AccountConfig[] {
  const accounts: AccountConfig[] = [];
  const noStyleWarned = new Set<MaildirStoreSection>();
  for (const section of sections.filter((s): s is ChannelSection => s.kind === 'channel')) {
    const channel = foldFarBox(section);
    const store = ({ store: name, line }: StoreRef) =>
      definedAbove(sections, { name, line }, ['imap-store', 'maildir-store'], `Channel ${channel.name}`, ctx);
    const [far, near] = [store(channel.far!), store(channel.near!)];
    if (far.kind !== 'imap-store' || near.kind !== 'maildir-store') {
      ctx.warn(
        channel.line,
        `Channel ${channel.name}: mailkeep only pulls an IMAPStore (Far) into a MaildirStore (Near); channel skipped`,
      );
      continue;
    }
    // What the near store must hold is the Near box's names: those of the channel as written.
    checkNearPrefix(section, near, ctx.file);
    const leftOut = farBoxItselfLeftOut(section);
    if (leftOut) ctx.warn(channel.far!.line, leftOut);
    checkNearPath(section, near, ctx.file);
    if (reachesSubFoldersUnset(section, near) && !noStyleWarned.has(near)) {
      noStyleWarned.add(near);
      ctx.warn(
        near.line,
        `MaildirStore ${near.name}: no SubFolders; mbsync 1.4 stops at a nested folder (a/b), mailkeep stores it as SubFolders Verbatim`,
      );
    }
    checkExpungeSides(channel, globals, ctx.file);
    const account = far.account && definedAbove(sections, far.account, ['imap-account'], `IMAPStore ${far.name}`, ctx);
    const imap = serverFields(far, account, ctx);
    const boxRename = nearBoxRename(section);
    accounts.push({
      ...buildAccount(channel, far, near, imap, globals, ctx.pathEnv),
      ...(boxRename ? { boxRename } : {}),
    });
  }
  return accounts;
}

/** isync 1.5 refuses a channel that has both Expunge and ExpungeSolo for one side (main_sync.c add_channel). */
function checkExpungeSides(channel: ChannelSection, globals: ChannelOptions, file: string): void {
  const covers = (side: Side | undefined, which: 'far' | 'near') => side === which || side === 'both';
  const [expunge, solo] = [channel.expunge ?? globals.expunge, channel.expungeSolo ?? globals.expungeSolo];
  const clash = (['far', 'near'] as const).find((which) => covers(expunge, which) && covers(solo, which));
  if (clash === undefined) return;
  throw new ConfigError(
    file,
    channel.line,
    `Channel ${channel.name}: both Expunge and ExpungeSolo for the ${clash} side (mbsync refuses it too)`,
  );
}

const KIND_LABELS = { 'imap-store': 'store', 'maildir-store': 'store', 'imap-account': 'IMAPAccount' } as const;

/** The section a reference names; as in mbsync, the first of that name, and only one defined above the reference. */
function definedAbove<K extends keyof typeof KIND_LABELS>(
  sections: Section[],
  ref: { name: string; line: number },
  kinds: K[],
  owner: string,
  ctx: ResolveContext,
): Extract<Section, { kind: K }> {
  const found = sections.find((s) => (kinds as string[]).includes(s.kind) && s.name === ref.name);
  const what = `${KIND_LABELS[kinds[0]!]} '${ref.name}'`;
  if (!found) throw new ConfigError(ctx.file, ref.line, `${owner}: unknown ${what}`);
  if (found.line > ref.line) {
    throw new ConfigError(
      ctx.file,
      ref.line,
      `${owner}: ${what} is defined below, on line ${found.line}; mbsync needs it above`,
    );
  }
  return found as Extract<Section, { kind: K }>;
}

function serverFields(store: ImapStoreSection, account: ImapAccountSection | undefined, ctx: ResolveContext) {
  const fields: ImapAccountFields = { ...account?.fields, ...store.fields };
  const owner = account ?? store;
  const password: PasswordSource = fields.password ?? { kind: 'env', variable: passwordVariable(owner.name) };
  // Through a Tunnel the server usually greets logged in (PREAUTH): no password is asked for then.
  if (!fields.password && fields.tunnel === undefined) {
    ctx.warn(
      owner.line,
      `${account ? 'IMAPAccount' : 'IMAPStore'} ${owner.name}: no Pass or PassCmd; the password is read from $${passwordVariable(owner.name)}`,
    );
  }
  return { ...fields, password };
}

/** Where to find the password when the mbsyncrc has none (mbsync would prompt). */
function passwordVariable(name: string): string {
  return `MAILKEEP_PASSWORD_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

function buildAccount(
  channel: ChannelSection,
  far: ImapStoreSection,
  near: MaildirStoreSection,
  imap: ImapAccountFields & { password: PasswordSource },
  globals: ChannelOptions,
  pathEnv: PathEnv,
): AccountConfig {
  // Named `tunnel` in messages when it has no Host; SSLType None is mbsync's default there.
  const host = imap.host ?? 'tunnel';
  const tls = imap.tls ?? (imap.legacyImaps ? 'imaps' : imap.tunnel !== undefined ? 'none' : 'starttls');
  const ops = channel.ops ?? globals.ops;
  const pullsDeletions = ops ? ops.pull.has('delete') : true;
  const expunges = [channel.expunge ?? globals.expunge, channel.expungeSolo ?? globals.expungeSolo];
  const mirrors = pullsDeletions && expunges.some((side) => side === 'near' || side === 'both');
  for (const entry of mirrors ? [] : (channel.expungeEntries ?? [])) {
    entry.note = entry.note.replace('deletions: mirror', 'deletions: keep (Sync does not pull deletions)');
  }
  const defaults = accountDefaults(host);
  // With Patterns the boxes are prefixes; without, they are the one pair of mailboxes synced.
  const [farBox, nearBox] = channel.patterns ? [channel.far!.box, channel.near!.box] : ['', ''];
  const layout = nearLayout(near, nearBox, near.inbox ?? expandPath(MBSYNC_INBOX, pathEnv));
  const account: AccountConfig = {
    name: channel.name,
    host,
    port: imap.port ?? (tls === 'imaps' ? 993 : 143),
    tls,
    user: imap.user ?? '',
    password: imap.password,
    systemCertificates: imap.systemCertificates ?? true,
    authMechs: imap.authMechs ?? [],
    ...layout,
    subFolders: near.subFolders ?? 'verbatim',
    patterns: channel.patterns ?? [channel.far!.box || 'INBOX'],
    deletions: mirrors ? 'mirror' : 'keep',
    concurrency: Math.min(defaults.concurrency, imap.pipelineDepth ?? Infinity),
    dailyBudgetBytes: defaults.dailyBudgetBytes,
    copyArrivalDate: channel.copyArrivalDate ?? globals.copyArrivalDate ?? false,
    timeoutSeconds: imap.timeoutSeconds ?? MBSYNC_TIMEOUT_SECONDS,
    maxMessageBytes: channel.maxSize ?? near.maxSize ?? null,
    stateDir: accountStateDir(channel.name, pathEnv),
  };
  if (imap.tunnel !== undefined) account.tunnel = imap.tunnel;
  if (imap.minTlsVersion) account.minTlsVersion = imap.minTlsVersion;
  if (imap.userCommand) account.userCommand = imap.userCommand;
  if (imap.certificateFile) account.certificateFile = imap.certificateFile;
  if (near.flatten) account.flatten = near.flatten;
  if (!channel.patterns) account.nearMailbox = channel.near!.box || 'INBOX';
  const remotePrefix = (far.path ?? '') + farBox;
  if (remotePrefix) account.remotePrefix = remotePrefix;
  const state = mbsyncStateLocation(channel, globals, far.name, near.name, pathEnv);
  account.mbsync = { state, farBox, nearBox, namespacePrefix: far.path === undefined && far.useNamespace !== false };
  return account;
}

/** mbsync 1.4 keeps its state in ~/.mbsync/; 1.5 in $XDG_STATE_HOME/isync/ unless ~/.mbsync/ is there. */
function defaultStateDir(pathEnv: PathEnv): string {
  const legacy = expandPath(MBSYNC_STATE_DIR, pathEnv);
  const xdg = path.join(pathEnv.env.XDG_STATE_HOME || path.join(pathEnv.home, '.local', 'state'), 'isync');
  return !existsSync(legacy) && existsSync(xdg) ? xdg : legacy;
}

/** isync's prepare_state(): a Channel's own SyncState is a prefix for the near box name alone. */
function mbsyncStateLocation(
  channel: ChannelSection,
  globals: ChannelOptions,
  farStore: string,
  nearStore: string,
  pathEnv: PathEnv,
): MbsyncStateLocation {
  const where = channel.syncState ?? globals.syncState ?? `${defaultStateDir(pathEnv)}/`;
  if (where === '*') return { kind: 'in-maildir' };
  if (channel.syncState !== undefined) return { kind: 'channel', prefix: where };
  const delimiter = globals.fieldDelimiter;
  return { kind: 'global', prefix: where, farStore, nearStore, ...(delimiter ? { delimiter } : {}) };
}

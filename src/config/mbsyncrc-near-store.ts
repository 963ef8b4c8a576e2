// How a Channel's near MaildirStore places folders, as mbsync 1.4 does (drv_maildir.c
// maildir_join_path, main.c store_connected): what it can place, and where.
import path from 'node:path';
import type { AccountConfig } from './types.js';
import { ConfigError } from './errors.js';
import type { ChannelSection, MaildirStoreSection } from './mbsyncrc-sections.js';

/**
 * Where a channel's folders go. mbsync names each near folder near prefix + server name and joins
 * that to Path as text, each '/' as its SubFolders style has it: `Path ~/Mail/gmail-` or
 * `Near :local:gmail-` put Work at ~/Mail/gmail-Work; Legacy `Near :local:old/` at Path/old/.Work,
 * Maildir++ `Near :local:work/` at Inbox/.work.Work, Flatten . `Near :local:old/` at Path/old.Work.
 * A prefix under `INBOX/` is joined to the store's Inbox instead (`Near :local:INBOX/old-`:
 * Inbox/old-Work). What follows the text's last '/' is the folders' name prefix. With a near
 * prefix, INBOX is a folder like the others.
 */
export function nearLayout(
  near: MaildirStoreSection,
  nearBox: string,
  storeInbox: string,
): Pick<AccountConfig, 'localPath' | 'inboxPath' | 'folderPrefix'> {
  const inInbox = nearBox.startsWith('INBOX/') && near.flatten === undefined;
  const root = inInbox || near.subFolders === 'maildir++' ? storeInbox : (near.path ?? path.dirname(storeInbox));
  const text = nearText(near, inInbox ? nearBox.slice('INBOX'.length) : (near.folderPrefix ?? '') + nearBox);
  const cut = text.lastIndexOf('/') + 1;
  const localPath = path.resolve(root, text.slice(0, cut));
  const folderPrefix = text.slice(cut);
  const inboxPath = nearBox ? path.join(localPath, `${folderPrefix}INBOX`) : storeInbox;
  return { localPath, inboxPath, ...(folderPrefix ? { folderPrefix } : {}) };
}

/**
 * The near prefix as mbsync writes it below the root (drv_maildir.c maildir_join_path): Legacy
 * dots each level after a '/', Maildir++ starts with '.' and turns each '/' into '.', Flatten turns
 * it into its delimiter. A prefix from under INBOX keeps its leading '/', the Inbox's own.
 */
function nearText(near: MaildirStoreSection, prefix: string): string {
  if (near.flatten !== undefined) return prefix.replaceAll('/', near.flatten);
  if (near.subFolders === 'maildir++') return prefix ? `.${prefix.replace(/^\//, '.').replaceAll('/', '.')}` : '';
  const text = near.subFolders === 'legacy' ? prefix.replaceAll('/', '/.') : prefix;
  return text.replace(/^\//, '');
}

/**
 * A near prefix with '.' in a Maildir++ store: mbsync refuses every folder of the channel ("does
 * not support dots in mailbox names"); `Near :local:work/` is what puts Sent at Inbox/.work.Sent.
 */
export function checkNearPrefix(channel: ChannelSection, near: MaildirStoreSection, file: string): void {
  const box = channel.near!.box;
  if (!channel.patterns || near.subFolders !== 'maildir++' || near.flatten !== undefined || !box.includes('.')) return;
  const instead = box.replaceAll('.', '/');
  throw new ConfigError(
    file,
    channel.near!.line,
    `Channel ${channel.name}: near prefix '${box}': SubFolders Maildir++ takes no '.' in it (mbsync refuses every folder); write '${instead}' (Sent at Inbox/.${box}Sent)`,
  );
}

/**
 * A store without Path holds only INBOX (and, unflattened, INBOX/…): mbsync stops with "store has
 * no Path" at the first other folder, so a channel that can reach one is refused here.
 */
export function checkNearPath(channel: ChannelSection, near: MaildirStoreSection, file: string): void {
  if (near.path !== undefined || near.subFolders === 'maildir++') return;
  const needsPath = (name: string) => {
    if (!name.startsWith('INBOX')) return true;
    const next = name[5];
    // `INBOX*` may be INBOX and Path; mbsync does not require Path for it.
    if (next === undefined || next === '*' || next === '%') return false;
    return next !== '/' || near.flatten !== undefined;
  };
  const names = channel.patterns
    ? channel.patterns.filter((p) => !p.startsWith('!')).map((p) => channel.near!.box + p)
    : [channel.near!.box || 'INBOX'];
  const outside = names.find(needsPath);
  if (outside === undefined) return;
  throw new ConfigError(
    file,
    near.line,
    `MaildirStore ${near.name} has no Path; mbsync needs one for '${outside}' (Channel ${channel.name})`,
  );
}

/**
 * A store without SubFolders (and without Flatten) that a channel's Patterns can fill with nested
 * folders: mbsync 1.4 refuses them ("does not specify SubFolders style"), mailkeep nests them Verbatim.
 */
export function reachesSubFoldersUnset(channel: ChannelSection, near: MaildirStoreSection): boolean {
  if (near.subFolders !== undefined || near.flatten !== undefined) return false;
  const positive = (channel.patterns ?? []).filter((p) => !p.startsWith('!'));
  return positive.some((p) => p.includes('*') || p.includes('/')) || channel.near!.box.includes('/');
}

/** A Far box without '/' at its end, with Patterns: mbsync lists the box's text followed by anything. */
function foldsFarBox(channel: ChannelSection): boolean {
  const box = channel.far!.box;
  return channel.patterns !== undefined && box !== '' && !box.endsWith('/') && !/[*%]/.test(box);
}

/**
 * `Far :remote:Archive`, `Near :local:arch`, `Patterns *`: mbsync lists Archive* and joins each box
 * to the names as text: Archive, Archive/2023 and Archive.2024 are arch, arch/2023 and arch.2024
 * (with the same box on both sides, INBOX, INBOX/Sub and INBOXfoo keep their names). That is no
 * boxes, the Far box in front of each pattern, and the Near box's text in place of the Far box's in
 * each near name (nearBoxRename). An empty Near box would put the Far box itself at Path itself:
 * that one is left out (farBoxItselfLeftOut).
 */
export function foldFarBox(channel: ChannelSection): ChannelSection {
  if (!foldsFarBox(channel)) return channel;
  const box = channel.far!.box;
  const patterns = channel.patterns!.map((p) => (p.startsWith('!') ? `!${box}${p.slice(1)}` : box + p));
  return {
    ...channel,
    far: { ...channel.far!, box: '' },
    near: { ...channel.near!, box: '' },
    patterns: channel.near!.box === '' ? [...patterns, `!${box}`] : patterns,
  };
}

/** The unfolded channel's Far and Near boxes where foldFarBox folds them and they differ. */
export function nearBoxRename(channel: ChannelSection): AccountConfig['boxRename'] {
  const [far, near] = [channel.far!.box, channel.near!.box];
  return foldsFarBox(channel) && far !== near ? { far, near } : undefined;
}

/** `Far :remote:INBOX`, `Near :local:`: mbsync keeps INBOX in the store's Path directory itself. Said, not left silent. */
export function farBoxItselfLeftOut(channel: ChannelSection): string | undefined {
  const box = channel.far!.box;
  if (!foldsFarBox(channel) || channel.near!.box !== '') return undefined;
  return `Channel ${channel.name}: not synced: the Far box '${box}' itself, which mbsync stores in the Path directory itself (a Near box, e.g. '${box}', gives it a folder); '${box}/…' is synced`;
}

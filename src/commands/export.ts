// `mailkeep export` (arguments parsed by src/cli-args.ts): a Maildir folder, or a configured
// account's mailbox, written out as an mboxrd file or one .eml file per message, oldest first.
// Exit 0 = all written, 1 = some files vanished meanwhile or could not be read (named), 2 = nothing
// written (an error).
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from '../cli-args.js';
import { loadConfig } from '../config/load-config.js';
import { mailboxLocalPath, unreadableLine, type Unreadable } from '../maildir/index.js';
import { loadMailboxIndex } from '../reader/index.js';
import { exportMessages } from '../reader/export-messages.js';
import { sanitizeForTerminal } from '../text/sanitize.js';
import type { SyncIo } from './sync.js';

export type ExportCommand = Extract<Command, { kind: 'export' }>;

const clean = (text: string) => sanitizeForTerminal(text).replace(/\s+/g, ' ');

export async function runExport(command: ExportCommand, io: SyncIo): Promise<number> {
  try {
    const maildir = await sourceFolder(command, io);
    const unread: Unreadable[] = [];
    const entries = await loadMailboxIndex(maildir, { onUnreadable: (problem) => unread.push(problem) });
    entries.sort((a, b) => a.date - b.date);
    const items = entries.map((entry) => ({ ...entry, path: join(maildir, entry.dir, entry.file) }));
    const result = await exportMessages(items, command.to);
    const vanished = [...unread.filter((u) => u.code === 'ENOENT').map((u) => u.path), ...result.skipped];
    for (const problem of unread.filter((u) => u.code !== 'ENOENT')) {
      io.stderr.write(`mailkeep: ${clean(unreadableLine(problem))}; not exported\n`);
    }
    for (const file of vanished) io.stderr.write(`mailkeep: ${clean(file)} vanished before it was exported\n`);
    const into = command.to.format === 'mbox' ? command.to.file : command.to.dir;
    const s = result.written === 1 ? '' : 's';
    io.stdout.write(`exported ${result.written} message${s} from ${clean(maildir)} to ${clean(into)}\n`);
    return unread.length + result.skipped.length > 0 ? 1 : 0;
  } catch (error) {
    io.stderr.write(`mailkeep: ${clean(error instanceof Error ? error.message : String(error))}\n`);
    return 2;
  }
}

/** A Maildir folder given by its path, else an `ACCOUNT:MAILBOX` of the configuration. */
async function sourceFolder(command: ExportCommand, io: SyncIo): Promise<string> {
  const isMaildir = async (dir: string) => (await stat(join(dir, 'cur')).catch(() => undefined))?.isDirectory();
  if (await isMaildir(command.source)) return command.source;
  const colon = command.source.indexOf(':');
  if (colon < 0) throw new Error(`${command.source} is not a Maildir folder (no cur/), nor ACCOUNT:MAILBOX`);
  const config = await loadConfig({
    configPath: command.configPath,
    home: io.home,
    env: io.env,
  });
  const [name, mailbox] = [command.source.slice(0, colon), command.source.slice(colon + 1)];
  const account = config.accounts.find((a) => a.name === name);
  if (account === undefined) throw new Error(`no account named ${name} in ${config.source.path}`);
  const dir = mailboxLocalPath(account, mailbox, '/');
  if (!(await isMaildir(dir))) throw new Error(`${name}:${mailbox} has no backup at ${dir}`);
  return dir;
}

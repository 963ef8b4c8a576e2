// `mailkeep search QUERY`: the index's answer for scripts and people. `--files` prints each
// message's path (for a mutt/neomutt virtual mailbox), `--json` one object per line, the default a
// table of date, folder, sender and subject. Exit 0 with hits, 1 with none (like grep), 2 on error.
import path from 'node:path';
import { defaultIndexFile, openIndex, QueryError, searchIndex, type MessageRow } from '../archive/index.js';
import type { Command } from '../cli-args.js';
import { fitToWidth } from '../text/display-width.js';
import { safeJsonStringify } from '../text/safe-json.js';
import { sanitizeForTerminal } from '../text/sanitize.js';

export type SearchOptions = Omit<Extract<Command, { kind: 'search' }>, 'kind'>;

export interface SearchIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  home: string;
  /** What relative dates (`date:yesterday`) count back from, in ms; the real clock by default. */
  now?: number;
}

export function runSearch(options: SearchOptions, io: SearchIo): number {
  const file = defaultIndexFile(io.env, io.home);
  const db = openIndex(file, { readonly: true });
  if (!db) {
    io.stderr.write(`mailkeep: no search index at ${sanitizeForTerminal(file)} yet; run \`mailkeep index\` first\n`);
    return 2;
  }
  let rows: MessageRow[];
  try {
    rows = searchIndex(db, options.query, { limit: options.limit, now: io.now });
  } catch (error) {
    if (!(error instanceof QueryError)) throw error;
    io.stderr.write(`mailkeep: ${sanitizeForTerminal(error.message)}\n`);
    return 2;
  } finally {
    db.close();
  }
  const lines = rows.map((row) => formatRow(row, options.output));
  const shown = options.output === 'files' ? lines.filter((line) => !CONTROL.test(line)) : lines;
  for (const line of shown) io.stdout.write(`${line}\n`);
  if (shown.length < lines.length) {
    const left = lines.length - shown.length;
    io.stderr.write(
      `mailkeep: left out ${left} file name${left === 1 ? '' : 's'} with control characters; --json shows them\n`,
    );
  }
  return rows.length > 0 ? 0 : 1;
}

/**
 * A file name from a tree others wrote may hold a line break, which would split one path into two
 * lines of a list scripts read line by line, or a terminal's escape sequence: such paths are left
 * out of `--files` (JSON escapes them).
 */
const CONTROL = /[\u0000-\u001f\u007f]/;

export function messagePath(row: MessageRow): string {
  return path.join(row.folderPath, row.dir, row.file);
}

function formatRow(row: MessageRow, output: SearchOptions['output']): string {
  if (output === 'files') return messagePath(row);
  if (output === 'json') {
    return safeJsonStringify({
      path: messagePath(row),
      account: row.account,
      folder: row.folder,
      date: new Date(row.date).toISOString(),
      from: row.from,
      to: row.to,
      cc: row.cc,
      subject: row.subject,
      messageId: row.messageId ?? null,
      flags: row.flags,
      size: row.size,
      attachments: row.attachments,
    });
  }
  const date = new Date(row.date);
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const where = fit(`${row.account}/${row.folder}`, 24);
  return `${day}  ${where}  ${fit(row.from, 30)}  ${fit(row.subject, 60).trimEnd()}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function fit(text: string, width: number): string {
  return fitToWidth(sanitizeForTerminal(text), width);
}

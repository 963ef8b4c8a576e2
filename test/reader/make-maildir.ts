// Test support: small Maildir trees in temp dirs, built from raw message strings.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FixtureMessage {
  raw: string | Buffer;
  /** Maildir info letters; undefined = put it in new/ without info. */
  flags?: string;
  mtime?: Date;
}

// A reader's index worker may still be opening its file (and making the dir again) when a test
// cleans up: a file made while the dir is removed (ENOTEMPTY) has the removal tried again, and
// every dir made is removed once more when the test process exits.
const made: string[] = [];
process.once('exit', () => made.forEach(remove));

function remove(path: string): void {
  rmSync(path, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
}

export function makeTempDir(prefix = 'mailkeep-reader-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  made.push(path);
  return { path, cleanup: () => remove(path) };
}

let seq = 0;

/** Creates a maildir (cur/new/tmp) at `path` holding `messages`; returns the file paths. */
export function writeMaildir(path: string, messages: FixtureMessage[]): string[] {
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(path, sub), { recursive: true });
  return messages.map((m) => addMessage(path, m));
}

export function addMessage(maildir: string, m: FixtureMessage): string {
  const base = `1700000000.M${++seq}P1Q1.fixture`;
  const file = m.flags === undefined ? join(maildir, 'new', base) : join(maildir, 'cur', `${base}:2,${m.flags}`);
  writeFileSync(file, m.raw);
  if (m.mtime) utimesSync(file, m.mtime, m.mtime);
  return file;
}

export function mail(headers: Record<string, string>, body = 'body\n'): string {
  return (
    Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n') +
    '\r\n\r\n' +
    body.replace(/\r?\n/g, '\r\n')
  );
}

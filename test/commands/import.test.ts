import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runImport } from '../../src/commands/import.js';
import { parseMbsyncrc } from '../../src/config/mbsyncrc-parser.js';
import { readOwnConfig } from '../../src/config/own-config.js';
import { tempHome } from '../support/temp-home.js';

const blog = fileURLToPath(new URL('../fixtures/mbsyncrc/blog.mbsyncrc', import.meta.url));

function setup(t: { after: (fn: () => void) => void }) {
  const pathEnv = tempHome(t);
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    ...pathEnv,
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
  };
  return { home: pathEnv.home, io, out: () => out.join(''), err: () => err.join('') };
}

test('imports ~/.mbsyncrc and prints the mapping line by line', async (t) => {
  const { home, io, out, err } = setup(t);
  copyFileSync(blog, path.join(home, '.mbsyncrc'));
  assert.equal(await runImport(io), 0);
  assert.match(out(), /^~\/\.mbsyncrc:25 +Expunge Slave +→ deletions: mirror$/m);
  assert.match(out(), /^~\/\.mbsyncrc:26 +Sync Pull +→ pulls new, delete, flags$/m);
  assert.match(
    out(),
    /^~\/\.mbsyncrc:27 +SyncState \* +→ read once to continue mbsync's backup; mailkeep keeps its own state$/m,
  );
  assert.match(out(), /^imported 2 account\(s\) \(fastmail, gmail\) into .*\/xdg\/mailkeep\/config\.json$/m);
  assert.equal(err(), '');
  const saved = readOwnConfig(io)!;
  assert.deepEqual(
    saved.accounts.map((a) => [a.name, a.host, a.deletions]),
    [
      ['fastmail', 'imap.fastmail.com', 'mirror'],
      ['gmail', 'imap.gmail.com', 'mirror'],
    ],
  );
  assert.equal(statSync(path.join(io.env.XDG_CONFIG_HOME!, 'mailkeep', 'config.json')).mode & 0o777, 0o600);
});

test('warnings go to stderr with file:line', async (t) => {
  const { home, io, err } = setup(t);
  writeFileSync(
    path.join(home, 'rc'),
    `${'IMAPAccount a\nHost h\nUser u\nPassCmd "p"\nUseKeychain yes\n\nIMAPStore r\nAccount a\n\nMaildirStore l\nPath ~/M/\n\nChannel c\nFar :r:\nNear :l:\nSync Full\n'}`,
  );
  assert.equal(await runImport({ ...io, file: path.join(home, 'rc') }), 0);
  assert.match(err(), /^mailkeep: warning: ~\/rc:5: UseKeychain: not supported by mailkeep; ignored$/m);
  assert.match(err(), /^mailkeep: warning: ~\/rc:16: Sync: .*push ignored \(pull-only\)$/m);
});

test('a syntax error or a missing file exits 2 with one line and writes nothing', async (t) => {
  const { home, io, err } = setup(t);
  writeFileSync(path.join(home, 'rc'), 'IMAPAccount a\nHost "h\n');
  assert.equal(await runImport({ ...io, file: '~/rc' }), 2);
  assert.equal(err(), 'mailkeep: ~/rc:2: missing closing quote\n');
  assert.equal(await runImport(io), 2);
  assert.match(err(), /mailkeep: ~\/\.mbsyncrc: no such file\n$/);
  assert.equal(readOwnConfig(io), undefined);
});

test('every setting an mbsyncrc gives is read back from the saved config as it was parsed', async (t) => {
  const { home, io } = setup(t);
  const rc = [
    'IMAPAccount gmail',
    'Host imap.gmail.com',
    'UserCmd "echo me@example.com"',
    'PassCmd "pass show gmail"',
    'TLSType IMAPS',
    'TLSVersions +1.3',
    'CertificateFile ~/certs/extra.pem',
    'SystemCertificates no',
    'AuthMechs PLAIN *',
    'Timeout 60',
    'PipelineDepth 1',
    '',
    'IMAPStore gmail-remote',
    'Account gmail',
    'PathDelimiter /',
    '',
    // No trailing '/': mbsync puts "gmail-" before each folder's name (folderPrefix).
    'MaildirStore gmail-local',
    'Path ~/Mail/gmail-',
    'Inbox ~/Mail/gmail-INBOX',
    'SubFolders Verbatim',
    'MaxSize 20m',
    '',
    'Channel gmail-all',
    'Far :gmail-remote:[Gmail]/',
    'Near :gmail-local:',
    'Patterns * !Spam',
    'Sync Pull',
    'Create Near',
    'Expunge Near',
    'CopyArrivalDate yes',
    'SyncState *',
    '',
    'MaildirStore flat-local',
    'Path ~/Flat/',
    'Inbox ~/Flat/INBOX',
    'Flatten .',
    '',
    'Channel gmail-sent',
    'Far :gmail-remote:"[Gmail]/Sent Mail"',
    'Near :flat-local:sent',
    '',
    'Group everything',
    'Channel gmail-all',
    'Channel gmail-sent',
    '',
  ].join('\n');
  writeFileSync(path.join(home, 'rc'), rc);
  const parsed = parseMbsyncrc(rc, { path: path.join(home, 'rc'), home, env: io.env });
  assert.equal(await runImport({ ...io, file: '~/rc' }), 0);
  const saved = readOwnConfig(io)!;
  assert.equal(parsed.accounts[0]!.folderPrefix, 'gmail-');
  assert.equal(parsed.accounts[1]!.flatten, '.');
  assert.deepEqual(saved.accounts, parsed.accounts);
  assert.deepEqual(saved.groups, parsed.groups);
});

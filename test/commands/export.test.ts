// `mailkeep export`: the mboxrd file read back by Python's mailbox module gives every message byte
// for byte after unquoting (bodies with `From ` and `>From ` lines, CRLF and LF files); .eml files
// named by date and subject, hostile subjects made safe, nothing ever overwritten.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { asctime, mboxrdBody } from '../../src/reader/export-mbox.js';
import { emlName } from '../../src/reader/export-messages.js';
import { loadMailboxIndex } from '../../src/reader/load-mailbox-index.js';
import { makeTempDir, mail, writeMaildir } from '../reader/make-maildir.js';
import { captured } from '../support/sync-command.js';
import { parseCommandLine } from '../../src/cli-args.js';
import { runExport } from '../../src/commands/export.js';
import { prng } from '../support/prng.js';
import { withUnlistableDir, withUnreadableFile } from '../support/unprivileged.js';

const tmp = makeTempDir('mailkeep-export-');
after(tmp.cleanup);
const root = tmp.path;
const maildir = join(root, 'mail', 'INBOX');
const day = (n: number) => new Date(Date.UTC(2024, 2, n, 14, 32));

const MESSAGES = [
  { raw: mail({ From: 'Ann <ann@example.org>', Subject: 'plain', Date: day(1).toUTCString() }), mtime: day(1) },
  {
    raw: mail(
      { From: 'bob@example.org', Subject: 'quoted lines', Date: day(2).toUTCString() },
      'From the start\n>From quoted\n>>From twice\nFrom\nFromage\n',
    ),
    mtime: day(2),
  },
  { raw: 'From: lf@example.org\nSubject: LF only\n\nFrom here\nbye\n', mtime: day(3), flags: 'S' },
  {
    raw: mail({
      From: 'x@example.org',
      Subject: '../../etc/passwd\u0007 \u001b[31mred/blue',
      Date: day(4).toUTCString(),
    }),
    mtime: day(4),
  },
  { raw: mail({ From: 'x@example.org', Subject: 'same', Date: day(5).toUTCString() }, 'one\n'), mtime: day(5) },
  { raw: mail({ From: 'x@example.org', Subject: 'same', Date: day(5).toUTCString() }, 'two\n'), mtime: day(5) },
  { raw: mail({ From: 'x@example.org', Subject: 'long '.repeat(80), Date: day(6).toUTCString() }), mtime: day(6) },
];
writeMaildir(maildir, MESSAGES);
const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

function exportCommand(...args: string[]) {
  const command = parseCommandLine(['export', ...args]);
  if (command.kind !== 'export') throw new Error(`not an export command line: ${args.join(' ')}`);
  return captured(root, (io) => runExport(command, io));
}

/** Python's mailbox.mbox reads the file: each message's From line and SHA-256 after unquoting. */
function readWithPython(file: string): { from: string; sha256: string }[] {
  const script = `
import hashlib, json, mailbox, re, sys
box = mailbox.mbox(sys.argv[1], create=False)
out = []
for key in box.keys():
    data = re.sub(rb'(?m)^>(>*From )', rb'\\1', box.get_bytes(key))
    out.append({'from': box.get_message(key).get_from(), 'sha256': hashlib.sha256(data).hexdigest()})
print(json.dumps(out))`;
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as {
    from: string;
    sha256: string;
  }[];
}

describe('mailkeep export', () => {
  test('--mbox: Python reads back every message byte for byte after unquoting, oldest first', async () => {
    const file = join(root, 'out.mbox');
    const { code, stdout, stderr } = await exportCommand(maildir, '--mbox', file);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^exported 7 messages from .* to .*out\.mbox$/m);
    const read = readWithPython(file);
    assert.deepEqual(
      read.map((m) => m.sha256),
      MESSAGES.map((m) => sha(m.raw)),
    );
    assert.equal(read[0]!.from, `ann@example.org ${asctime(day(1))}`);
    assert.equal(asctime(day(1)), 'Fri Mar  1 14:32:00 2024');
    const text = readFileSync(file, 'latin1');
    assert.match(text, /\r\n>From the start\r\n>>From quoted\r\n>>>From twice\r\nFrom\r\nFromage\r\n/);
    assert.match(text, /\n>From here\nbye\n\nFrom /, 'LF stays LF');
  });

  test('--mbox never overwrites a file', async () => {
    const file = join(root, 'taken.mbox');
    writeFileSync(file, 'mine');
    const { code, stderr } = await exportCommand(maildir, '--mbox', file);
    assert.equal(code, 2);
    assert.match(stderr, /taken\.mbox exists; not overwritten/);
    assert.equal(readFileSync(file, 'utf8'), 'mine');
  });

  test('ACCOUNT:MAILBOX --eml: one file per message by date and subject, safe and unique names', async () => {
    const rc = join(root, 'mbsyncrc');
    writeFileSync(rc, mbsyncrc(join(root, 'mail')));
    const dir = join(root, 'eml');
    mkdirSync(dir);
    writeFileSync(join(dir, '2024-03-01 1432 plain.eml'), 'already here');
    const { code, stderr } = await exportCommand('-c', rc, 'test:INBOX', '--eml', dir);
    assert.equal(code, 0, stderr);
    const names = readdirSync(dir).sort();
    assert.equal(names.length, 8);
    assert.ok(names.includes('2024-03-01 1432 plain (1).eml'), names.join(' | '));
    assert.equal(readFileSync(join(dir, '2024-03-01 1432 plain.eml'), 'utf8'), 'already here');
    assert.ok(names.includes('2024-03-05 1432 same.eml') && names.includes('2024-03-05 1432 same (1).eml'));
    for (const name of names) {
      assert.doesNotMatch(name, /[/\u0000-\u001f\u007f]|^\./, JSON.stringify(name));
      assert.ok([...name].length <= 120, name);
    }
    assert.ok(
      names.some((n) => n.startsWith('2024-03-04 1432 ..-..-etc-passwd') && n.endsWith('red-blue.eml')),
      names.join(' | '),
    );
    const hashes = names.filter((n) => n !== '2024-03-01 1432 plain.eml').map((n) => sha(readFileSync(join(dir, n))));
    assert.deepEqual(hashes.sort(), MESSAGES.map((m) => sha(m.raw)).sort(), 'each file is its message as stored');
  });

  test('a file or a cur/ that cannot be read is named on stderr, exit 1; the rest is exported', async () => {
    const box = join(root, 'locked-box');
    const [first, second] = writeMaildir(box, [
      { raw: mail({ From: 'a@example.org', Subject: 'readable', Date: day(1).toUTCString() }), mtime: day(1) },
      { raw: mail({ From: 'b@example.org', Subject: 'locked', Date: day(2).toUTCString() }), mtime: day(2) },
    ]);
    const out = join(root, 'locked-out');
    mkdirSync(out, { mode: 0o777 });
    chmodSync(out, 0o777);
    chmodSync(root, 0o755);
    // Read once first: the header parsing it loads then is loaded as root (nobody may not read this checkout).
    await loadMailboxIndex(box);
    const file = await withUnreadableFile(second!, () => exportCommand(box, '--eml', out));
    assert.equal(file.code, 1, file.stderr);
    assert.equal(file.stderr, `mailkeep: cannot read ${second}: permission denied (EACCES); not exported\n`);
    assert.match(file.stdout, /^exported 1 message from /);
    assert.deepEqual(readdirSync(out), ['2024-03-01 1432 readable.eml']);
    const cur = dirname(first!);
    const dir = await withUnlistableDir(cur, () => exportCommand(box, '--mbox', join(out, 'box.mbox')));
    assert.equal(dir.code, 1, dir.stderr);
    assert.equal(dir.stderr, `mailkeep: cannot list ${cur}: permission denied (EACCES); not exported\n`);
  });

  test('mboxrd quoting holds across chunk boundaries', async () => {
    async function* chunks() {
      yield Buffer.from('a\r\n>');
      yield Buffer.from('Fr');
      yield Buffer.from('om x\r\nFrom y');
    }
    const out: Buffer[] = [];
    for await (const part of mboxrdBody(chunks())) out.push(part);
    assert.equal(Buffer.concat(out).toString(), 'a\r\n>>From x\r\n>From y\n\n');
    assert.equal(emlName({ date: Number.NaN, subject: ' ' }), '1970-01-01 0000 (no subject).eml');
  });

  test('quoting in random chunks gives what quoting line by line gives', async () => {
    const random = prng(20261207);
    const pieces = ['From ', '>', 'Fro', 'm', ' ', 'x', '\r\n', '\n', 'F'];
    const byLine = (text: string) => text.replace(/^(>*From )/gm, '>$1');
    for (let n = 0; n < 2000; n++) {
      let text = '';
      for (let i = Math.floor(random() * 30); i > 0; i--) text += pieces[Math.floor(random() * pieces.length)];
      const cuts: Buffer[] = [];
      for (let at = 0; at < text.length;) {
        const end = at + 1 + Math.floor(random() * 6);
        cuts.push(Buffer.from(text.slice(at, end)));
        at = end;
      }
      const out: Buffer[] = [];
      for await (const part of mboxrdBody(fromArray(cuts))) out.push(part);
      const ending = text === '' || text.endsWith('\n') ? '\n' : '\n\n';
      assert.equal(Buffer.concat(out).toString(), byLine(text) + ending, JSON.stringify(text));
    }
  });

  test('a line of 32 MB in 64 KB chunks is quoted as it streams: linear time, never held whole', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    async function* chunks() {
      yield Buffer.from('From the start of a long line ');
      for (let i = 0; i < 512; i++) yield chunk;
    }
    const started = performance.now();
    let bytes = 0;
    let head = '';
    let biggest = 0;
    for await (const part of mboxrdBody(chunks())) {
      if (!head) head = part.subarray(0, 6).toString();
      bytes += part.length;
      biggest = Math.max(biggest, part.length);
    }
    assert.ok(performance.now() - started < 3000, `took ${Math.round(performance.now() - started)} ms`);
    assert.ok(biggest <= chunk.length, `a piece of ${biggest} bytes was held`);
    assert.equal(head, '>From ');
    assert.equal(bytes, 1 + 30 + 512 * chunk.length + 2);
  });
});

async function* fromArray(chunks: Buffer[]): AsyncGenerator<Buffer> {
  yield* chunks;
}

function mbsyncrc(path: string): string {
  return [
    'IMAPAccount test',
    'Host 127.0.0.1',
    'User nobody',
    'Pass unused',
    'SSLType None',
    '',
    'IMAPStore test-remote',
    'Account test',
    '',
    'MaildirStore test-local',
    `Path ${path}/`,
    `Inbox ${path}/INBOX`,
    'SubFolders Verbatim',
    '',
    'Channel test',
    'Far :test-remote:',
    'Near :test-local:',
    'Patterns *',
    '',
  ].join('\n');
}

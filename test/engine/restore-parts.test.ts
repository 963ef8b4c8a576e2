// The pure parts of `mailkeep restore`: how APPEND is written (LITERAL+, streamed literals, the
// date), the line-end-blind hash that matches an mbsync file with the server's CRLF copy, and
// the target names a hostile tree cannot escape (nor another user's or a shared namespace).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { internalDateArg } from '../../src/engine/imap/append.js';
import { commandPieces } from '../../src/engine/imap/command-args.js';
import { lineEndHasher } from '../../src/engine/restore-fingerprint.js';
import type { RemoteMailbox } from '../../src/engine/remote.js';
import { foreignNamespace, targetMailbox } from '../../src/engine/restore-names.js';
import { parseCommandLine } from '../../src/cli-args.js';

const text = (piece: unknown) => (Buffer.isBuffer(piece) ? piece.toString() : piece);

test('APPEND pieces: {n+} literals go in the same piece, a {n} one after +, a streamed one as its own piece', () => {
  const streamed = { size: 3, chunks: async function* () {} };
  const { pieces, verb } = commandPieces('M1', 'APPEND "A" () {2+} () {3} () {1+}', [
    Buffer.from('hi'),
    streamed,
    Buffer.from('z'),
  ]);
  assert.equal(verb, 'APPEND "A"');
  assert.equal(pieces.length, 2);
  assert.equal(text(pieces[0]), 'M1 APPEND "A" () {2+}\r\nhi () {3}\r\n');
  const second = pieces[1] as { literal: unknown; tail: Buffer };
  assert.equal(second.literal, streamed);
  assert.equal(second.tail.toString(), ' () {1+}\r\nz\r\n');
  assert.throws(() => commandPieces('M2', 'APPEND "A" () {3+}', [streamed]), /must be synchronizing/);
});

test('INTERNALDATE is written in UTC with a two-digit day', () => {
  assert.equal(internalDateArg(new Date('2021-03-04T05:06:07.890Z')), '"04-Mar-2021 05:06:07 +0000"');
});

test('the line-end-blind hash is the same for LF and CRLF, in any chunking, and counts bare LFs', () => {
  const lf = Buffer.from('a: b\n\nline\r\nbare\nend\r');
  const crlf = Buffer.from('a: b\r\n\r\nline\r\nbare\r\nend\r');
  const whole = lineEndHasher();
  whole.update(crlf);
  const expected = createHash('sha256').update('a: b\n\nline\nbare\nend\r').digest('hex');
  assert.deepEqual(whole.digest(), { hash: expected, bareLf: 0 });
  for (let cut = 0; cut <= lf.length; cut++) {
    const split = lineEndHasher();
    split.update(lf.subarray(0, cut));
    split.update(lf.subarray(cut));
    assert.deepEqual(split.digest(), { hash: expected, bareLf: 3 }, `cut at ${cut}`);
  }
});

test('the hash reads the CRs before an LF as part of the line end (Dovecot stores CR CR LF as CRLF), in any chunking', () => {
  const doubled = Buffer.from('a: b\r\r\n\r\nline\r\r\r\nend\r\r');
  const expected = createHash('sha256').update('a: b\n\nline\nend\r\r').digest('hex');
  for (let cut = 0; cut <= doubled.length; cut++) {
    const split = lineEndHasher();
    split.update(doubled.subarray(0, cut));
    split.update(doubled.subarray(cut));
    assert.deepEqual(split.digest(), { hash: expected, bareLf: 0 }, `cut at ${cut}`);
  }
});

test("the hash reads a header's 8-bit bytes as X (as Cyrus stores them), in any chunking, and no body byte", () => {
  const hashOf = (...chunks: Buffer[]) => {
    const hasher = lineEndHasher();
    for (const chunk of chunks) hasher.update(chunk);
    return hasher.digest().hash;
  };
  const file = Buffer.from('Subject: \u00dcber\r\n\r\n\u00fc\r\n', 'latin1');
  const munged = Buffer.from('Subject: Xber\r\n\r\n\u00fc\r\n', 'latin1');
  const bodyChanged = Buffer.from('Subject: Xber\r\n\r\nX\r\n', 'latin1');
  for (let cut = 0; cut <= file.length; cut++) {
    assert.equal(hashOf(file.subarray(0, cut), file.subarray(cut)), hashOf(munged), `cut at ${cut}`);
  }
  assert.notEqual(hashOf(file), hashOf(bodyChanged));
  // Dovecot sends a stored NUL as 0x80 in BODY[]: both are one byte to the hash, header or body.
  const nul = Buffer.from('Subject: a\0b\r\n\r\nc\0d\r\n', 'latin1');
  assert.equal(hashOf(nul), hashOf(Buffer.from('Subject: aXb\r\n\r\nc\u0080d\r\n', 'latin1')));
});

test('target names: the same parts under the prefix, joined with the server delimiter; hostile parts refused', () => {
  assert.deepEqual(targetMailbox('Archive/2024', 'Restored', '.'), {
    path: 'Restored.Archive.2024',
    delimiter: '.',
    name: 'Restored/Archive/2024',
    selectable: true,
  });
  assert.equal((targetMailbox('INBOX', undefined, '/') as { path: string }).path, 'INBOX');
  // Under a personal namespace INBOX. (Cyrus, Courier): names outside it go under it, INBOX's stay.
  const home = (folder: string, prefix?: string) => {
    const target = targetMailbox(folder, prefix, '.', 'INBOX.') as { path: string; name: string };
    return [target.path, target.name];
  };
  assert.deepEqual(home('Archive/2024'), ['INBOX.Archive.2024', 'INBOX/Archive/2024']);
  assert.deepEqual(home('INBOX'), ['INBOX', 'INBOX']);
  assert.deepEqual(home('INBOX/Archive'), ['INBOX.Archive', 'INBOX/Archive']);
  assert.deepEqual(home('INBOX', 'Restored'), ['INBOX.Restored.INBOX', 'INBOX/Restored/INBOX']);
  for (const [name, problem] of [
    ['a/../b', /"\.\."/],
    ['bad\u001bname', /control characters/],
    ['a.b', /delimiter "\."/],
    ['a//b', /empty part/],
  ] as const) {
    assert.match((targetMailbox(name, undefined, '.') as { problem: string }).problem, problem);
  }
});

test('target names: a folder named in modified UTF-7 (mbsync 1.4) is the name it encodes, any other as it is', () => {
  const nameOf = (folder: string) => (targetMailbox(folder, undefined, '/') as { name: string }).name;
  assert.equal(nameOf('Entw&APw-rfe'), 'Entwürfe');
  assert.equal(nameOf('&AMQ-rger &- Co'), 'Ärger & Co');
  assert.equal(nameOf('Archiv/&ZeVnLIqe-'), 'Archiv/日本語');
  assert.equal(nameOf('Tom &- Jerry'), 'Tom & Jerry');
  // mailkeep's own names (UTF-8): an `&` that starts no well-formed encoded run stays an `&`.
  for (const literal of ['Work & Play', 'R&D', 'R&D-Team', 'Entwürfe', 'Café/Entw&APw-rfe', 'a&b-', '&Jjo'])
    assert.equal(nameOf(literal), literal);
  // Decoded, a name is checked as any other: `&AC8-` is `/`, no part of a name; `&AAc-` a BEL.
  assert.equal(nameOf('a&AC8-b'), 'a&AC8-b');
  assert.match((targetMailbox('bell&AAc-', undefined, '/') as { problem: string }).problem, /control characters/);
});

test("target names in other namespaces: another user's or a shared folder is left out, unless PREFIX makes it personal", () => {
  const cyrusAlt = { personal: [''], otherUsers: ['Other Users/'], shared: ['Shared Folders/'] };
  const why = (folder: string, prefix?: string, namespaces = cyrusAlt, delimiter = '/') =>
    foreignNamespace(targetMailbox(folder, prefix, delimiter, namespaces.personal[0]) as RemoteMailbox, namespaces);
  assert.equal(
    why('Other Users/bob/forAlice'),
    'it would go into the server\'s other users\' namespace "Other Users/"',
  );
  assert.equal(why('Shared Folders/announce'), 'it would go into the server\'s shared namespace "Shared Folders/"');
  assert.equal(why('Shared Folders'), 'it would go into the server\'s shared namespace "Shared Folders/"');
  for (const personal of ['INBOX', 'Other Users2/x', 'Shared Folderstuff', 'Archive/Other Users/bob'])
    assert.equal(why(personal), undefined, personal);
  assert.equal(why('Other Users/bob/forAlice', 'Restored'), undefined);
  // Cyrus without altnamespace: shared is "", personal INBOX. holds every name restore makes.
  const cyrus = { personal: ['INBOX.'], otherUsers: ['user.'], shared: [''] };
  for (const folder of ['INBOX', 'Archive/2024', 'user/bob/Shared'])
    assert.equal(why(folder, undefined, cyrus, '.'), undefined, folder);
  // Courier: a prefix without its delimiter holds the names under it, not the names it begins.
  const courier = { personal: ['INBOX.'], otherUsers: [], shared: ['#shared'] };
  const shared = { path: '#shared.lists', delimiter: '.', name: '#shared/lists', selectable: true };
  assert.match(foreignNamespace(shared, courier) ?? '', /shared namespace "#shared"/);
  assert.equal(foreignNamespace({ ...shared, path: '#sharedx' }, courier), undefined);
  assert.equal(why('Anything', undefined, { personal: [], otherUsers: [], shared: [] }), undefined);
});

test('restore command line: SOURCE, --to ACCOUNT[:PREFIX], flags; missing parts are usage errors', () => {
  assert.deepEqual(parseCommandLine(['restore', 'backup', '--to', 'work:Old/Mail/', '--dry-run']), {
    kind: 'restore',
    configPath: undefined,
    source: 'backup',
    account: 'work',
    prefix: 'Old/Mail',
    dryRun: true,
    intoSource: false,
    json: false,
  });
  // An empty PREFIX (`work:`, `work:/`) is no prefix: the same folder names, as with `--to work`.
  const plain = parseCommandLine(['restore', 'backup', '--to', 'work']);
  assert.equal('prefix' in plain, false);
  for (const to of ['work:', 'work:/']) assert.deepEqual(parseCommandLine(['restore', 'backup', '--to', to]), plain);
  assert.throws(() => parseCommandLine(['restore', '--to', 'work']), /needs the Maildir tree/);
  assert.throws(() => parseCommandLine(['restore', 'backup']), /needs --to ACCOUNT/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyRemotePrefix, stripRemotePrefix } from '../../src/engine/remote-prefix.js';
import type { RemoteMailbox } from '../../src/engine/remote.js';

const box = (path: string, delimiter: string | null = '/'): RemoteMailbox => ({
  path,
  delimiter,
  name: delimiter ? path.split(delimiter).join('/') : path,
  selectable: true,
});

test('only mailboxes under the prefix (and INBOX) are kept, named without it', () => {
  const listed = [box('INBOX'), box('[Gmail]'), box('[Gmail]/All Mail'), box('[Gmail]/Sent/2024'), box('Other')];
  assert.deepEqual(
    applyRemotePrefix(listed, { remotePrefix: '[Gmail]/', patterns: ['*'] }).map((m) => [m.path, m.name]),
    [
      ['INBOX', 'INBOX'],
      ['[Gmail]/All Mail', 'All Mail'],
      ['[Gmail]/Sent/2024', 'Sent/2024'],
    ],
  );
});

test("an mbsync Channel's far prefix (Far :remote:[Gmail]/) leaves INBOX out, as mbsync does", () => {
  const listed = [box('INBOX'), box('[Gmail]/All Mail')];
  const mbsync = { state: { kind: 'in-maildir' as const }, farBox: '[Gmail]/', nearBox: '' };
  assert.deepEqual(
    applyRemotePrefix(listed, { remotePrefix: '[Gmail]/', mbsync, patterns: ['INBOX', '*'] }).map((m) => m.name),
    ['All Mail'],
  );
});

test("an mbsync store's Path hides INBOX from wildcards unless it is under it or a pattern names it", () => {
  const listed = [box('INBOX'), box('Archive/2024')];
  const mbsync = { state: { kind: 'in-maildir' as const }, farBox: '', nearBox: '' };
  const names = (remotePrefix: string, patterns: string[]) =>
    applyRemotePrefix(listed, { remotePrefix, mbsync, patterns }).map((m) => m.name);
  assert.deepEqual(names('Archive/', ['*']), ['2024']);
  assert.deepEqual(names('Archive/', ['INBOX', '*']), ['INBOX', '2024']);
  assert.deepEqual(names('INBOX/', ['*']), ['INBOX']);
});

test("INBOX's subfolders bypass an mbsync store's Path as INBOX does (mbsync syncs INBOX/Sub with Patterns INBOX *)", () => {
  const listed = [box('INBOX'), box('INBOX/Sub'), box('inbox/Sub/Deep'), box('INBOXfoo'), box('Archive/2024')];
  const mbsync = { state: { kind: 'in-maildir' as const }, farBox: '', nearBox: '' };
  const names = (patterns: string[]) =>
    applyRemotePrefix(listed, { remotePrefix: 'Archive/', mbsync, patterns }).map((m) => m.name);
  assert.deepEqual(names(['INBOX', '*']), ['INBOX', 'INBOX/Sub', 'inbox/Sub/Deep', '2024']);
  assert.deepEqual(names(['*']), ['2024']);
  assert.deepEqual(
    applyRemotePrefix([box('INBOX.Sub', '.')], { remotePrefix: 'Archive.', mbsync, patterns: ['INBOX*'] }).map(
      (m) => m.name,
    ),
    ['INBOX/Sub'],
  );
});

test('a dot-delimited server prefix (INBOX.) keeps the server path for IMAP', () => {
  const listed = [box('INBOX', '.'), box('INBOX.Archive.2024', '.')];
  assert.deepEqual(
    applyRemotePrefix(listed, { remotePrefix: 'INBOX.', patterns: ['*'] }).map((m) => [m.path, m.name]),
    [
      ['INBOX', 'INBOX'],
      ['INBOX.Archive.2024', 'Archive/2024'],
    ],
  );
});

test('no prefix changes nothing', () => {
  const listed = [box('INBOX'), box('a/b')];
  assert.deepEqual(applyRemotePrefix(listed, { patterns: ['*'] }), listed);
  assert.equal(stripRemotePrefix('a/b', undefined), 'a/b');
  assert.equal(stripRemotePrefix('[Gmail]/a', '[Gmail]/'), 'a');
  assert.equal(stripRemotePrefix('x/a', '[Gmail]/'), 'x/a');
});

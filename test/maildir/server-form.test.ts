import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serverForm } from '../../src/maildir/server-form.js';

test('an mbsync file: LF back to CRLF, its X-TUID header dropped', () => {
  const stored = Buffer.from('From: a@x\nSubject: s\nX-TUID: cqzCvUMSArTW\n\nbody\nX-TUID: cqzCvUMSArTW\n');
  assert.equal(serverForm(stored).toString(), 'From: a@x\r\nSubject: s\r\n\r\nbody\r\nX-TUID: cqzCvUMSArTW\r\n');
});

test('a file without a body or without X-TUID (OfflineIMAP) only gets CRLF', () => {
  assert.equal(serverForm(Buffer.from('From: a@x\nSubject: s\n')).toString(), 'From: a@x\r\nSubject: s\r\n');
  assert.equal(serverForm(Buffer.from('From: a@x\n\nb\n')).toString(), 'From: a@x\r\n\r\nb\r\n');
});

test('a file that already has CRLF (mailkeep keeps server bytes) is unchanged', () => {
  const exact = Buffer.from('From: a@x\r\nX-TUID: cqzCvUMSArTW\r\n\r\nbare\nlf\r\n');
  assert.equal(serverForm(exact), exact);
});

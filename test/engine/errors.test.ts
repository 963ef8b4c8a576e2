import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyError, SyncError } from '../../src/engine/errors.js';

const ctx = { account: 'gmail', mailbox: 'INBOX', host: 'imap.gmail.com' };

test('classifyError: scope and retry class per kind of failure', () => {
  const table: [unknown, string, string, string][] = [
    [Object.assign(new Error('Command failed'), { authenticationFailed: true, responseText: 'Invalid credentials' }), 'AUTH_FAILED', 'account', 'final'],
    [Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), 'TLS_CERT', 'account', 'final'],
    [Object.assign(new Error('BYE'), { reason: '[OVERQUOTA] Account exceeded command or bandwidth limits' }), 'SERVER_BUSY', 'account', 'wait'],
    [Object.assign(new Error('Command failed'), { responseText: 'System Error' }), 'SERVER_BUSY', 'account', 'wait'],
    [Object.assign(new Error('Command failed'), { serverResponseCode: 'UNAVAILABLE', responseText: 'try later' }), 'SERVER_BUSY', 'account', 'wait'],
    [Object.assign(new Error('[THROTTLED] slow down'), {}), 'SERVER_BUSY', 'account', 'wait'],
    [new Error('Too many simultaneous connections'), 'SERVER_BUSY', 'account', 'wait'],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'CONNECTION', 'account', 'wait'],
    [Object.assign(new Error('Socket timeout'), { code: 'ETIMEOUT' }), 'CONNECTION', 'account', 'wait'],
    [Object.assign(new Error('disk full writing /x/tmp/1'), { name: 'MaildirError', code: 'DISK_FULL' }), 'DISK_FULL', 'account', 'final'],
    [Object.assign(new Error('bad name "../x"'), { name: 'MailboxNameError' }), 'MAILBOX_NAME', 'mailbox', 'final'],
    [Object.assign(new Error('Command failed'), { responseStatus: 'NO', responseText: 'Mailbox doesn\'t exist' }), 'MAILBOX_FAILED', 'mailbox', 'final'],
    [new SyncError('CLEARTEXT_REFUSED', 'account', 'final', 'refusing'), 'CLEARTEXT_REFUSED', 'account', 'final'],
  ];
  for (const [error, code, scope, retry] of table) {
    const info = classifyError(error, ctx);
    assert.deepEqual([info.code, info.scope, info.retry], [code, scope, retry], String((error as Error).message));
    assert.equal(info.account, 'gmail');
    assert.doesNotMatch(info.message, /\n/);
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LockError } from '../../src/engine/account-lock.js';
import { CredentialError } from '../../src/engine/credentials.js';
import { classifyError, isMessageError, SyncError } from '../../src/engine/errors.js';
import { ImapCommandError, ImapConnectionError } from '../../src/engine/imap/imap-errors.js';
import { ImapProtocolError } from '../../src/engine/imap/protocol-error.js';
import { MailboxNameError, MaildirError, toMaildirError } from '../../src/maildir/errors.js';

const ctx = { account: 'gmail', mailbox: 'INBOX', host: 'imap.gmail.com' };

function commandError(status: 'NO' | 'BAD', text: string, code?: string): ImapCommandError {
  return new ImapCommandError('LOGIN', { status, text, ...(code !== undefined ? { code } : {}) });
}

function bye(text: string): ImapConnectionError {
  return Object.assign(
    new ImapConnectionError('EConnectionClosed', `imap.gmail.com closed the connection: BYE ${text}`),
    { responseText: `BYE ${text}` },
  );
}

test('classifyError: scope and retry class per kind of failure', () => {
  const loginFailed = Object.assign(commandError('NO', 'Invalid credentials', 'AUTHENTICATIONFAILED'), {
    authenticationFailed: true,
  });
  const loginBusy = Object.assign(commandError('NO', 'try later', 'UNAVAILABLE'), { authenticationFailed: true });
  const table: [unknown, string, string, string][] = [
    [loginFailed, 'AUTH_FAILED', 'account', 'final'],
    [loginBusy, 'SERVER_BUSY', 'account', 'wait'],
    [
      Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
      'TLS_CERT',
      'account',
      'final',
    ],
    [bye('[OVERQUOTA] Account exceeded command or bandwidth limits'), 'SERVER_BUSY', 'account', 'wait'],
    [bye('System Error'), 'SERVER_BUSY', 'account', 'wait'],
    [commandError('NO', '[THROTTLED] slow down'), 'SERVER_BUSY', 'account', 'wait'],
    [bye('[UNAVAILABLE] Too many simultaneous connections'), 'SERVER_BUSY', 'account', 'wait'],
    [bye('Logging out'), 'CONNECTION', 'account', 'wait'],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'CONNECTION', 'account', 'wait'],
    [new ImapConnectionError('ETIMEOUT', 'no answer from imap.gmail.com for 60 s'), 'CONNECTION', 'account', 'wait'],
    [Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }), 'HOST_NOT_FOUND', 'account', 'final'],
    [Object.assign(new Error('no space left'), { code: 'ENOSPC' }), 'DISK_FULL', 'account', 'final'],
    [new MaildirError('DISK_FULL', '/x/tmp/1', 'disk full writing /x/tmp/1'), 'DISK_FULL', 'account', 'final'],
    [new MaildirError('IO', '/x/tmp/1', 'cannot write /x/tmp/1 (EIO)'), 'IO', 'mailbox', 'final'],
    [toMaildirError(Object.assign(new Error('ro'), { code: 'EROFS' }), 'create', '/x/tmp/1'), 'IO', 'account', 'final'],
    [new MailboxNameError('../x', 'it leaves the account directory'), 'MAILBOX_NAME', 'mailbox', 'final'],
    [new CredentialError('gmail', 'command', 'password command printed nothing'), 'CREDENTIALS', 'account', 'final'],
    [new LockError('gmail', '/state/lock', undefined), 'LOCKED', 'account', 'final'],
    [commandError('NO', "Mailbox doesn't exist"), 'MAILBOX_FAILED', 'mailbox', 'final'],
    // Microsoft 365 after a login it took but opened no mailbox for: the account, not one mailbox.
    [commandError('BAD', 'User is authenticated but not connected.'), 'AUTH_FAILED', 'account', 'final'],
    [
      new ImapProtocolError('server announced a 99999999999-byte literal (limit 16777216 bytes per response)'),
      'PROTOCOL',
      'mailbox',
      'wait',
    ],
    [new SyncError('CLEARTEXT_REFUSED', 'account', 'final', 'refusing'), 'CLEARTEXT_REFUSED', 'account', 'final'],
    [
      new SyncError('MESSAGE_GONE', 'message', 'temp', 'message UID 7 is gone from the server'),
      'MESSAGE_GONE',
      'message',
      'temp',
    ],
    [new Error('something else\nentirely'), 'UNEXPECTED', 'mailbox', 'final'],
  ];
  for (const [error, code, scope, retry] of table) {
    const info = classifyError(error, ctx);
    assert.deepEqual([info.code, info.scope, info.retry], [code, scope, retry], String((error as Error).message));
    assert.equal(info.account, 'gmail');
    assert.doesNotMatch(info.message, /\n/);
  }
});

test('classifyError: network failures are told in words, as mbsync does, with their code', () => {
  const errno = (code: string, syscall: string, more: object = {}) =>
    Object.assign(new Error(`${syscall} ${code}`), { code, syscall, ...more });
  const told = (error: Error) => classifyError(error, ctx).message;
  assert.equal(
    told(errno('ECONNREFUSED', 'connect', { address: '127.0.0.1', port: 1 })),
    'cannot connect to imap.gmail.com (127.0.0.1:1): connection refused (ECONNREFUSED)',
  );
  assert.equal(
    told(errno('EHOSTUNREACH', 'connect', { address: '192.0.2.1', port: 993 })),
    'cannot connect to imap.gmail.com (192.0.2.1:993): no route to host (EHOSTUNREACH)',
  );
  assert.equal(told(errno('ECONNRESET', 'read')), 'connection to imap.gmail.com lost: connection reset (ECONNRESET)');
  assert.equal(
    told(errno('EAI_AGAIN', 'getaddrinfo')),
    'cannot resolve imap.gmail.com: name lookup failed for now (EAI_AGAIN)',
  );
  assert.equal(classifyError(errno('ECONNREFUSED', 'connect'), ctx).retry, 'wait');
});

test('classifyError: outside a mailbox, what would cost a mailbox costs the account', () => {
  const account = { account: 'gmail', host: 'imap.gmail.com' };
  assert.equal(classifyError(new ImapProtocolError('unexpected greeting'), account).scope, 'account');
  assert.equal(classifyError(commandError('BAD', 'what?'), account).code, 'UNEXPECTED');
  assert.equal(classifyError(commandError('BAD', 'what?'), account).scope, 'account');
});

test('isMessageError: only an error that costs one message', () => {
  assert.equal(isMessageError(new SyncError('MESSAGE_GONE', 'message', 'temp', 'gone')), true);
  assert.equal(isMessageError(new SyncError('MAILBOX_GONE', 'mailbox', 'final', 'gone')), false);
  assert.equal(isMessageError(Object.assign(new Error('gone'), { scope: 'message' })), false);
});

// The test mbsyncrc writer: mailkeep's own parser reads every option back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMbsyncrc } from '../../src/config/mbsyncrc-parser.js';
import type { DovecotServer } from '../support/dovecot.js';
import { dovecotAccount, mbsyncrc } from '../support/mbsyncrc.js';

const home = '/home/t';
const server = { imapsPort: 9993, caFile: '/ca.pem', user: { user: 'me', password: 'pw' } } as DovecotServer;
const parse = (text: string) => parseMbsyncrc(text, { path: `${home}/.mbsyncrc`, home, env: {} });

test('a Dovecot account: IMAPS on localhost, only its certificate trusted, Pass, mirrors deletions', () => {
  const parsed = parse(mbsyncrc([dovecotAccount(server, { name: 'a', path: '~/Mail/a' })], ['a comment']));
  assert.deepEqual(parsed.warnings, ['~/.mbsyncrc:7: Pass: password copied as plain text (prefer PassCmd)']);
  const [a] = parsed.accounts;
  assert.deepEqual(
    [a?.name, a?.host, a?.port, a?.tls, a?.user, a?.password, a?.certificateFile, a?.systemCertificates],
    ['a', 'localhost', 9993, 'imaps', 'me', { kind: 'plain', password: 'pw' }, '/ca.pem', false],
  );
  assert.deepEqual(
    [a?.localPath, a?.inboxPath, a?.subFolders, a?.patterns, a?.deletions, a?.copyArrivalDate],
    [`${home}/Mail/a`, `${home}/Mail/a/INBOX`, 'verbatim', ['*'], 'mirror', true],
  );
  assert.equal(a?.mbsync?.state.kind, 'global', 'no SyncState: mbsync keeps its state in ~/.mbsync/');
});

test('every option is written, and several accounts each get their own channel', () => {
  const parsed = parse(
    mbsyncrc([
      dovecotAccount(server, { name: 'a', path: '/m/a', password: { passCmd: 'pass show a' }, syncState: '*' }),
      {
        name: 'b',
        host: '127.0.0.1',
        port: 143,
        sslType: 'None',
        user: 'you',
        password: { passCmd: 'cat /pw' },
        timeout: 5,
        path: '/m/b/',
        inbox: '/m/b-inbox',
        subFolders: 'Legacy',
        patterns: 'INBOX Archive*',
        sync: 'PullNew',
        create: 'None',
        expunge: 'None',
        copyArrivalDate: false,
      },
    ]),
  );
  assert.deepEqual(parsed.warnings, []);
  const [a, b] = parsed.accounts;
  assert.deepEqual([a?.password, a?.mbsync?.state.kind], [{ kind: 'command', command: 'pass show a' }, 'in-maildir']);
  assert.deepEqual(
    [
      b?.name,
      b?.host,
      b?.port,
      b?.tls,
      b?.user,
      b?.password,
      b?.certificateFile,
      b?.systemCertificates,
      b?.timeoutSeconds,
    ],
    ['b', '127.0.0.1', 143, 'none', 'you', { kind: 'command', command: 'cat /pw' }, undefined, true, 5],
  );
  assert.deepEqual(
    [b?.localPath, b?.inboxPath, b?.subFolders, b?.patterns, b?.deletions, b?.copyArrivalDate],
    ['/m/b', '/m/b-inbox', 'legacy', ['INBOX', 'Archive*'], 'keep', false],
  );
});

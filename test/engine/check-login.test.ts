// The wizard's login check against the private Dovecot: a good login passes, a wrong password or
// an untrusted certificate fails with one line naming the host.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkLogin } from '../../src/engine/check-login.js';
import { useCorpusServer } from '../support/corpus-server.js';

const corpus = useCorpusServer({ empty: true });

test('a good login passes', async () => {
  await checkLogin(await corpus.account());
});

test('a wrong password fails with one line naming the host', async () => {
  const account = await corpus.account({ password: { kind: 'plain', password: 'wrong' } });
  await assert.rejects(checkLogin(account), (e: Error) => e.message.includes('127.0.0.1') && !e.message.includes('\n'));
});

test('an untrusted certificate fails with one line naming the host', async () => {
  const account = await corpus.account({ certificateFile: undefined });
  await assert.rejects(checkLogin(account), (e: Error) => e.message.includes('127.0.0.1') && !e.message.includes('\n'));
});

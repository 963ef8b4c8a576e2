// The wizard's login check against the private Dovecot: a good login passes, a wrong password or
// an untrusted certificate fails with one line naming the host.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkLogin } from '../../src/engine/check-login.js';
import { useCorpusServer } from '../support/corpus-server.js';
import { scriptedAccount, startFakeImap } from '../support/fake-imap.js';

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

test('a server asking to wait is asked again; one that keeps asking fails with its one line', async (t) => {
  const once = await startFakeImap({ greeting: '* OK ready', capabilities: 'IMAP4rev1', refusesLogins: 1 }, []);
  t.after(() => once.close());
  await checkLogin(scriptedAccount(once.port));
  const always = await startFakeImap({ greeting: '* OK ready', capabilities: 'IMAP4rev1', refusesLogins: 99 }, []);
  t.after(() => always.close());
  await assert.rejects(checkLogin(scriptedAccount(always.port)), (e: Error) =>
    /asked to wait: \[UNAVAILABLE\] Temporary authentication failure/.test(e.message),
  );
});

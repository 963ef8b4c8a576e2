// The wizard's login check against the private Dovecot: a good login passes, a wrong password or
// an untrusted certificate fails with one line naming the host; a server asking to wait is asked
// again, a host refusing the connection is not.
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { checkLogin } from '../../src/engine/check-login.js';
import { useCorpusServer } from '../support/corpus-server.js';
import { startFakeImap } from '../support/fake-imap.js';
import { scriptedAccount } from '../support/scripted-account.js';

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

/** A sleep that only counts what it was asked to wait. */
function countedSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

test('a server asking to wait is asked again; one that keeps asking fails with its one line', async (t) => {
  const once = await startFakeImap(
    { greeting: '* OK ready', capabilities: 'IMAP4rev1', delimiter: '/', refusesLogins: 1 },
    [],
  );
  t.after(() => once.close());
  const onceWaits = countedSleep();
  await checkLogin(scriptedAccount(once.port), { sleep: onceWaits.sleep });
  assert.equal(onceWaits.waits.length, 1);
  const always = await startFakeImap(
    { greeting: '* OK ready', capabilities: 'IMAP4rev1', delimiter: '/', refusesLogins: 99 },
    [],
  );
  t.after(() => always.close());
  const alwaysWaits = countedSleep();
  await assert.rejects(checkLogin(scriptedAccount(always.port), { sleep: alwaysWaits.sleep }), (e: Error) =>
    /asked to wait: \[UNAVAILABLE\] Temporary authentication failure/.test(e.message),
  );
  assert.equal(alwaysWaits.waits.length, 2);
});

test('a host that refuses the connection is told at once, not asked again', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise((resolve) => closed.close(resolve));
  const { waits, sleep } = countedSleep();
  await assert.rejects(checkLogin(scriptedAccount(port), { sleep }), (e: Error) =>
    /127\.0\.0\.1.*ECONNREFUSED/.test(e.message),
  );
  assert.deepEqual(waits, []);
});

// What a mailbox's listing cannot prove: a message the server left out of its `UID FETCH 1:*`
// answer, or wrote without its UID, is still on the server (EXISTS counts it): its copy is not
// deleted by a mirror, and a first pass still stores it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sha256 } from '../support/backup-check.js';
import { runPass } from '../support/corpus-server.js';
import { startFakeImap } from '../support/fake-imap.js';
import type { FakeMessage } from '../support/fake-imap-types.js';
import { fakeMessage as message, storedHashes, useFakeAccounts } from '../support/fake-imap-account.js';

const accountOn = useFakeAccounts();
const profile = { greeting: '* OK IMAP4rev1 ready', capabilities: 'IMAP4rev1', delimiter: '/' };

/** Listing rows for `m` without its UID (bodies as usual), or none at all. */
const listedWithoutUid = (m: FakeMessage) => (seq: number, items: string) =>
  /BODY/.test(items) ? undefined : `* ${seq} FETCH (FLAGS (\\Seen) RFC822.SIZE ${m.body.length})\r\n`;
const leftOutOfListing = () => (_seq: number, items: string) => (/BODY/.test(items) ? undefined : '');

for (const [what, oddity] of [
  ['written without its UID', listedWithoutUid],
  ['left out', leftOutOfListing],
] as const) {
  test(`a message ${what} in the listing: kept by a mirror, stored by a first pass`, async () => {
    const messages = [message(1, 'one'), message(2, 'two'), message(3, 'three'), message(4, 'four')];
    const inbox = { listed: 'INBOX', name: 'INBOX', uidValidity: 5, messages };
    const all = messages.map((m) => sha256(m.body)).sort();
    const mirror = await accountOn(await startFakeImap(profile, [inbox]), { deletions: 'mirror' });
    assert.deepEqual((await runPass(mirror)).summary.errors, []);
    messages[1]!.rawFetch = oddity(messages[1]!);
    const again = await runPass(mirror);
    assert.deepEqual([again.summary.errors, again.summary.deleted], [[], 0]);
    assert.deepEqual(await storedHashes(mirror.localPath), all);

    const first = await accountOn(await startFakeImap(profile, [inbox]));
    const { summary } = await runPass(first);
    assert.deepEqual([summary.errors, summary.added], [[], 4]);
    assert.deepEqual(await storedHashes(first.localPath), all);
  });
}

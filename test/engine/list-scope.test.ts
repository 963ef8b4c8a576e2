// What a pass lists (listPatterns): everything, or, as mbsync lists a store with a Path, only the
// mailboxes under the prefix and INBOX where the pass keeps it: in one LIST where the server has
// LIST-EXTENDED, else one LIST each. Against a scripted server that answers each pattern.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listPatterns } from '../../src/engine/imap/list-status.js';
import { filesUnder } from '../support/backup-check.js';
import { runPass } from '../support/corpus-server.js';
import { startFakeImap } from '../support/fake-imap.js';
import type { FakeMailbox, FakeProfile } from '../support/fake-imap-types.js';
import { fakeMessage as message, useFakeAccounts } from '../support/fake-imap-account.js';

const accountOn = useFakeAccounts();

test('the patterns: *, INBOX* under INBOX., the prefix (and INBOX*) otherwise; odd prefixes left to *', () => {
  assert.deepEqual(listPatterns(undefined), ['*']);
  assert.deepEqual(listPatterns({ prefix: 'INBOX.', inbox: true }), ['INBOX*']);
  assert.deepEqual(listPatterns({ prefix: '[Gmail]/', inbox: false }), ['[Gmail]/*']);
  assert.deepEqual(listPatterns({ prefix: 'mail/', inbox: true }), ['mail/*', 'INBOX*']);
  for (const prefix of ['Zürich/', 'a*b/', 'Work & Play/', 'say "hi"/', 'back\\slash/'])
    assert.deepEqual(listPatterns({ prefix, inbox: true }), ['*'], prefix);
});

const mailboxes = (): FakeMailbox[] => [
  { listed: 'INBOX', name: 'INBOX', uidValidity: 3, messages: [message(1, 'in')] },
  { listed: 'mail/Archive', name: 'mail/Archive', uidValidity: 4, messages: [message(1, 'archived')] },
  { listed: 'Documents/notes.txt', name: 'Documents/notes.txt', uidValidity: 5, messages: [message(1, 'x')] },
];

const profile = (capabilities: string): FakeProfile => ({
  greeting: '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] ready',
  capabilities,
  delimiter: '/',
});

test('LIST-STATUS and LIST-EXTENDED offered, yet several patterns refused as BAD: one LIST each', async () => {
  const fake = await startFakeImap(
    { ...profile('IMAP4rev1 LIST-EXTENDED LIST-STATUS'), refusesPatternList: true },
    mailboxes(),
  );
  const account = await accountOn(fake, { remotePrefix: 'mail/' });
  assert.deepEqual((await runPass(account)).summary.errors, []);
  const lists = fake.commands.filter((c) => / LIST /.test(c)).map((c) => c.replace(/^\S+ /, ''));
  assert.deepEqual(lists, [
    'LIST "" ("mail/*" "INBOX*") RETURN (STATUS (MESSAGES UIDNEXT UIDVALIDITY))',
    'LIST "" ("mail/*" "INBOX*")',
    'LIST "" "mail/*"',
    'LIST "" "INBOX*"',
  ]);
  const folders = new Set((await filesUnder(account.localPath)).map((f) => f.replace(/\/(cur|new)\/.*/, '')));
  assert.deepEqual([...folders].sort(), ['Archive', 'INBOX']);
});

for (const [server, capabilities, sent] of [
  [
    'LIST-STATUS',
    'IMAP4rev1 LIST-EXTENDED LIST-STATUS',
    ['LIST "" ("mail/*" "INBOX*") RETURN (STATUS (MESSAGES UIDNEXT UIDVALIDITY))'],
  ],
  ['LIST-EXTENDED', 'IMAP4rev1 LIST-EXTENDED', ['LIST "" ("mail/*" "INBOX*")']],
  ['neither', 'IMAP4rev1', ['LIST "" "mail/*"', 'LIST "" "INBOX*"']],
] as const) {
  test(`a prefix mail/ with INBOX kept, a server with ${server}: ${sent.join(', ')}`, async () => {
    const fake = await startFakeImap(profile(capabilities), mailboxes());
    const account = await accountOn(fake, { remotePrefix: 'mail/' });
    const { summary } = await runPass(account);
    assert.deepEqual(summary.errors, []);
    const lists = fake.commands.filter((c) => / LIST /.test(c)).map((c) => c.replace(/^\S+ /, ''));
    assert.deepEqual(lists, sent);
    const folders = new Set((await filesUnder(account.localPath)).map((f) => f.replace(/\/(cur|new)\/.*/, '')));
    assert.deepEqual([...folders].sort(), ['Archive', 'INBOX'], 'the home directory beside mail/ is not synced');
  });
}

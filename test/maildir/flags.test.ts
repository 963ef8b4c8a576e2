import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imapFlagsToMaildir, maildirFlagsToImap, normalizeMaildirFlags } from '../../src/maildir/flags.js';

test('IMAP system flags map to sorted Maildir letters, others dropped', () => {
  assert.equal(
    imapFlagsToMaildir(['\\Seen', '\\Answered', '\\Flagged', '\\Draft', '\\Deleted', '$Forwarded']),
    'DFPRST',
  );
  assert.equal(imapFlagsToMaildir(new Set(['\\seen', 'Passed', '$Junk', '\\Recent'])), 'PS');
  assert.equal(imapFlagsToMaildir([]), '');
});

test('Maildir letters map back to IMAP flags', () => {
  assert.deepEqual(maildirFlagsToImap('TSF'), ['\\Flagged', '\\Seen', '\\Deleted']);
  assert.deepEqual(maildirFlagsToImap('RPDx'), ['\\Draft', '$Forwarded', '\\Answered']);
});

test('normalizing sorts, dedupes and drops unknown letters', () => {
  assert.equal(normalizeMaildirFlags('SSRaFz'), 'FRS');
});

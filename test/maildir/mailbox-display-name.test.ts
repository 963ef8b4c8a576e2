import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mailboxDisplayName } from '../../src/maildir/mailbox-display-name.js';

test("isync's modified UTF-7 folder names are shown decoded", () => {
  assert.equal(mailboxDisplayName('Archive/Z&APw-rich'), 'Archive/Zürich');
  assert.equal(mailboxDisplayName('&ANw-berweisungen/Belege'), 'Überweisungen/Belege');
  assert.equal(mailboxDisplayName('Work &- Play'), 'Work & Play');
  assert.equal(mailboxDisplayName('&ZeVnLIqe-'), '日本語');
});

test('any other name is shown as it is', () => {
  for (const name of ['INBOX', 'Tom & Jerry', 'Archive/Zürich', 'Work & Play', 'a&b', '&AGE-x&', 'x&Jjo']) {
    assert.equal(mailboxDisplayName(name), name);
  }
});

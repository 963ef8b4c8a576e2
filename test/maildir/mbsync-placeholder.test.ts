// mbsync 1.5's placeholder text, as sync_msg_cvt.c writes it (LF into a Maildir, CRLF to IMAP),
// is known; a message that only quotes it, or a subject alone, is not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMbsyncPlaceholder } from '../../src/maildir/mbsync-placeholder.js';

const body = (size: string, mode: string, flagged: boolean, nl = '\n') =>
  `Having a size of ${size}, this message is over the MaxSize limit.${nl}` +
  `Flag it and sync again (Sync mode ${mode}) to fetch its real contents.${nl}` +
  (flagged ? `${nl}The original message is flagged as important.${nl}` : '');

test("mbsync's placeholders are known, with LF or CRLF, any size, 1.5.0's and later wording", () => {
  const cases = [
    `From: a@x\nSubject: [placeholder] big\nX-TUID: AbCdEfGhIjKl\n\n${body('4KiB', 'Upgrade', false)}`,
    `From: a@x\nX-TUID: AbCdEfGhIjKl\nSubject: [placeholder] (No Subject)\n\n${body('12.5MiB', 'Upgrade', true)}`,
    `Subject:[placeholder] x\r\nX-TUID: AbCdEfGhIjKl\r\n\r\n${body('999KiB', 'ReNew', false, '\r\n')}`,
  ];
  for (const text of cases) assert.equal(isMbsyncPlaceholder(Buffer.from(text)), true, text);
});

test('a message that quotes the text, or has the subject alone, is no placeholder', () => {
  const cases = [
    `Subject: [placeholder] big\n\n${body('4KiB', 'Upgrade', false)}and more of the real message\n`,
    `Subject: Re: [placeholder] big\n\n${body('4KiB', 'Upgrade', false)}`,
    `Subject: big\n\n${body('4KiB', 'Upgrade', false)}`,
    `Subject: [placeholder] big\n\nthe real text\n`,
    `Subject: [placeholder] big`,
  ];
  for (const text of cases) assert.equal(isMbsyncPlaceholder(Buffer.from(text)), false, text);
});

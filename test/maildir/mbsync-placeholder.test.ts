// mbsync 1.5's placeholder text, as sync_msg_cvt.c writes it (LF into a Maildir, CRLF to IMAP),
// is known; a message that only quotes it, or a subject alone, is not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMbsyncPlaceholder, mbsyncPlaceholderSize } from '../../src/maildir/mbsync-placeholder.js';

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

test('the size a placeholder states holds the sizes mbsync would have written it for', () => {
  // sync_msg_cvt.c: `%dKiB` of size >> 10 under 1,024,000 bytes, else `%.1fMiB`.
  const stated = (size: number) =>
    size < 1024000 ? `${size >> 10}KiB` : `${(Math.round((size / 1048576) * 10) / 10).toFixed(1)}MiB`;
  for (const size of [5000, 5120, 6143, 1023999, 1024000, 1258291, 20 * 1048576 + 7]) {
    const range = mbsyncPlaceholderSize(
      Buffer.from(`Subject: [placeholder] x\n\n${body(stated(size), 'Upgrade', false)}`),
    );
    assert.ok(range !== undefined && range.min <= size && size <= range.max, `${size}: ${JSON.stringify(range)}`);
  }
  const fourKiB = mbsyncPlaceholderSize(Buffer.from(`Subject: [placeholder] x\n\n${body('4KiB', 'Upgrade', true)}`));
  assert.deepEqual(fourKiB, { min: 4096, max: 5119 });
  assert.equal(mbsyncPlaceholderSize(Buffer.from('Subject: x\n\nFlag it.\n')), undefined);
});

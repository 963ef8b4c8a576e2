// The pager and the index read the same parts of a message as text: structures where they once
// chose differently, each compared with what mutt 2.2 shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMessageSource } from '../../src/reader/render-message.js';
import { extractMessageText } from '../../src/mail/message-text.js';

const HEAD = 'From: Ann <ann@example.org>\nTo: bob@example.org\nSubject: parts\nMIME-Version: 1.0\n';
const message = (type: string, body: string) => Buffer.from(`${HEAD}Content-Type: ${type}\n\n${body}`);

test('a multipart without a subtype is read as multipart/mixed (RFC 2046), no part of it an attachment', async () => {
  for (const type of ['multipart; boundary=b', 'multipart/; boundary=b']) {
    const raw = message(type, '--b\n\nfirst kiwi\n--b\nContent-Type: text/plain\n\nsecond weka\n--b--\n');
    const shown = await renderMessageSource(raw);
    assert.deepEqual(shown.bodyLines, ['first kiwi', 'second weka'], type);
    assert.deepEqual(shown.attachments, [], type);
    const indexed = extractMessageText(raw);
    assert.equal(indexed.body, 'first kiwi\nsecond weka', type);
    assert.equal(indexed.attachmentCount, 0, type);
  }
});

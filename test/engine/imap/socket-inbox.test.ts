import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SocketInbox } from '../../../src/engine/imap/socket-inbox.js';

/** Lands `text` in the inbox's reused buffer, as a socket read would. */
function read(inbox: SocketInbox, text: string): void {
  const { buffer, callback } = inbox.onread;
  const length = buffer.write(text, 'latin1');
  callback(length, buffer);
}

test('socket inbox: reads before the receiver are kept (copied) and delivered first, in order', () => {
  const inbox = new SocketInbox();
  read(inbox, '* OK greeting\r\n');
  read(inbox, '* CAPABILITY IMAP4rev1\r\n');
  const seen: string[] = [];
  inbox.deliverTo((chunk) => seen.push(chunk.toString('latin1')));
  read(inbox, 'M1 OK\r\n');
  assert.deepEqual(seen, ['* OK greeting\r\n', '* CAPABILITY IMAP4rev1\r\n', 'M1 OK\r\n']);
});

test('socket inbox: a read is only its length of the buffer, and nothing is delivered after stop()', () => {
  const inbox = new SocketInbox();
  const seen: number[] = [];
  inbox.deliverTo((chunk) => seen.push(chunk.length));
  read(inbox, 'abc');
  inbox.stop();
  read(inbox, 'late');
  assert.deepEqual(seen, [3]);
});

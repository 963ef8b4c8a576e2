import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertTransportAllowed, isLoopbackHost } from '../../../src/engine/imap/connect.js';
import { parseMessageIdHeader } from '../../../src/engine/message-id.js';

test('cleartext is refused to any host but loopback', () => {
  assert.throws(
    () => assertTransportAllowed({ host: 'imap.example.org', tls: 'none' }),
    (e: Error & { code?: string }) =>
      e.code === 'CLEARTEXT_REFUSED' && /refusing cleartext login to imap\.example\.org/.test(e.message),
  );
  assert.throws(() => assertTransportAllowed({ host: '10.0.0.1', tls: 'none' }));
  for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) {
    assert.ok(isLoopbackHost(host), host);
    assert.doesNotThrow(() => assertTransportAllowed({ host, tls: 'none' }));
  }
  assert.doesNotThrow(() => assertTransportAllowed({ host: 'imap.example.org', tls: 'imaps' }));
  assert.equal(isLoopbackHost('127.0.0.1.evil.org'), false);
});

test('parseMessageIdHeader: folded, missing, header-only message', () => {
  assert.equal(parseMessageIdHeader(Buffer.from('Subject: x\r\nMessage-ID:\r\n <a@b>\r\n\r\nbody')), '<a@b>');
  assert.equal(parseMessageIdHeader(Buffer.from('message-id: <c@d>\n')), '<c@d>');
  assert.equal(parseMessageIdHeader(Buffer.from('Subject: no id\r\n\r\nMessage-ID: <in-body@x>\r\n')), null);
  assert.equal(parseMessageIdHeader(undefined), null);
});

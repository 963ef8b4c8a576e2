import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseCompression, LOCAL_ANSWER_MS } from '../../../src/engine/imap/compress-rule.js';

const offered = { setting: undefined, offered: true, loopback: false, answerMs: 40 };

test('COMPRESS: on wherever offered across a network, off where not offered or turned off', () => {
  assert.equal(chooseCompression(offered).use, true);
  assert.match(chooseCompression(offered).why, /^COMPRESS=DEFLATE on \(a network server;/);
  assert.equal(chooseCompression({ ...offered, offered: false }).use, false);
  assert.equal(chooseCompression({ ...offered, setting: false }).use, false);
  assert.equal(chooseCompression({ ...offered, setting: true, offered: false }).use, false, 'never unoffered');
});

test('COMPRESS: off to a server on this machine (loopback, answering fast); a slow loopback is a tunnel', () => {
  const local = { ...offered, loopback: true, answerMs: 2 };
  assert.deepEqual(chooseCompression(local), {
    use: false,
    why: 'COMPRESS off: the server is on this machine (loopback, answered in 2 ms; compress: true overrides)',
  });
  assert.equal(chooseCompression({ ...local, answerMs: LOCAL_ANSWER_MS - 1 }).use, false);
  const tunnel = chooseCompression({ ...local, answerMs: LOCAL_ANSWER_MS + 20 });
  assert.equal(tunnel.use, true);
  assert.match(tunnel.why, /a loopback tunnel, answered in 40 ms/);
  assert.equal(chooseCompression({ ...local, setting: true }).use, true, 'compress: true overrides');
  assert.equal(chooseCompression({ ...offered, answerMs: 0.5 }).use, true, 'a fast LAN server still compresses');
});

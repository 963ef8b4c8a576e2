import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFileName, fsPath, shownFileName } from '../../src/files/byte-names.js';

test('a name that is not UTF-8 round-trips through its escaped string, and is shown with \\xNN', () => {
  const cases = [
    Buffer.from('Entw\xfcrfe', 'latin1'),
    Buffer.from([0x41, 0xe2, 0x82, 0x42]), // a cut-off 3-byte sequence
    Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80]), // overlong '/', an encoded surrogate
    Buffer.concat([Buffer.from('日本'), Buffer.from([0xff])]),
  ];
  for (const bytes of cases) {
    const name = decodeFileName(bytes);
    assert.deepEqual(fsPath(name), bytes);
  }
  assert.equal(shownFileName(decodeFileName(cases[0]!)), 'Entw\\xFCrfe');
  assert.equal(shownFileName(decodeFileName(cases[3]!)), '日本\\xFF');
});

test('a UTF-8 name (with U+FFFD or a character beyond the BMP) is itself', () => {
  for (const name of ['Entwürfe', 'bad\uFFFDname', 'emoji 😀 𐂀']) {
    assert.equal(decodeFileName(Buffer.from(name)), name);
    assert.equal(fsPath(name), name);
    assert.equal(shownFileName(name), name);
  }
});

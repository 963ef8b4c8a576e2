import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeMailboxName, encodeMailboxName } from '../../src/text/mutf7.js';

const pairs: [wire: string, name: string][] = [
  ['INBOX', 'INBOX'],
  ['~peter/mail/&U,BTFw-/&ZeVnLIqe-', '~peter/mail/台北/日本語'], // RFC 3501 §5.1.3
  ['&Jjo-!', '☺!'], // RFC 2152 style example
  ['Tom &- Jerry', 'Tom & Jerry'],
  ['&-&-', '&&'],
  ['Entw&APw-rfe', 'Entwürfe'],
  ['&2D3eAQ-', '😁'], // astral: one surrogate pair
  ['&2D3eAdg93gI-x', '😁😂x'],
  ['a&AOQA9gD8-b', 'aäöüb'],
  ['&AAk-tab', '\ttab'], // controls are not printable ASCII: encoded
  ['[Gmail]/Alle Nachrichten', '[Gmail]/Alle Nachrichten'],
  // Folder names on disk as isync 1.4 writes them.
  ['Archive/Z&APw-rich', 'Archive/Zürich'],
  ['&ANw-berweisungen/Belege', 'Überweisungen/Belege'],
  ['Work &- Play', 'Work & Play'],
  ['', ''],
];

test('mutf7: RFC 3501 examples, &-, astral characters, both ways', () => {
  for (const [wire, name] of pairs) {
    assert.equal(decodeMailboxName(wire), name, `decode ${wire}`);
    assert.equal(encodeMailboxName(name), wire, `encode ${name}`);
  }
});

test('mutf7: round trips of awkward names', () => {
  for (const name of [
    'a&b&',
    '&',
    '-&-',
    'ä&ö',
    '日本語-&-x',
    '🎉 party/🎉',
    'x'.repeat(200) + 'ß',
    '~',
    '\u007f',
    '\u00a0',
  ]) {
    assert.equal(decodeMailboxName(encodeMailboxName(name)), name, name);
  }
});

test('mutf7: invalid input is returned unchanged', () => {
  for (const wire of [
    '&U,BTFw', // no closing dash
    'a&b c-', // not base64
    '&AA-', // an odd number of bytes
    '&=-', // padding is not part of the alphabet
    '&2D0-', // a lone high surrogate
    '&3gE-', // a lone low surrogate
    'ok &2D0- then &AOQ-', // one bad run spoils the name
  ]) {
    assert.equal(decodeMailboxName(wire), wire, wire);
  }
});

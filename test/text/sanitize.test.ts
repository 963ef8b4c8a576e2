import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sanitizeForTerminal } from '../../src/text/sanitize.js';

const cases: [string, string, string][] = [
  ['OSC title with BEL', 'a\u001b]0;pwned\u0007b', 'ab'],
  ['OSC hyperlink with ST', '\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\', 'link'],
  ['CSI colour', '\u001b[31;1mred\u001b[0m', 'red'],
  ['CSI cursor move', 'x\u001b[2J\u001b[Hy', 'xy'],
  ['DCS string', 'a\u001bPq#0;2;0;0;0\u001b\\b', 'ab'],
  ['8-bit CSI', 'a\u009b31mb', 'ab'],
  ['8-bit OSC', 'a\u009d0;t\u0007b', 'ab'],
  ['two-char escape', 'a\u001bcb', 'ab'],
  ['OSC never ended: the text after it stays', 'a\u001b]0;b c', 'a0;b c'],
  ['8-bit OSC never ended (a Latin-1 header byte)', 'Caf\u009d au lait', 'Caf au lait'],
  ['8-bit PM before another introducer', 'Va\u009eno \u009d0;t\u009c!', 'Vano !'],
  ['lone ESC at end', 'ab\u001b', 'ab'],
  ['bidi override', 'invoice\u202Etxt.exe', 'invoicetxt.exe'],
  ['bidi isolates and marks', '\u2066a\u2069\u200e\u200f\u061cb', 'ab'],
  ['C0 and DEL', 'a\u0000\u0007\u0008\u007fb', 'ab'],
  ['C1 control', 'a\u0085b', 'ab'],
  ['newline and tab become spaces', 'a\nb\tc\r\nd', 'a b c d'],
  ['unicode kept', 'Grüße 日本 🙂', 'Grüße 日本 🙂'],
  [
    'lone surrogates become U+FFFD (a UTF-7 or UTF-16 word cut in half)',
    'a\ud83db\udc00c\ud83d',
    'a\ufffdb\ufffdc\ufffd',
  ],
];

for (const [name, input, expected] of cases) {
  test(`sanitizeForTerminal: ${name}`, () => {
    assert.equal(sanitizeForTerminal(input), expected);
  });
}

test('keepNewlines keeps \\n, normalizes CRLF and expands tabs to 8 columns', () => {
  assert.equal(sanitizeForTerminal('a\tb\r\nab\tc\u001b[1m', { keepNewlines: true }), 'a       b\nab      c');
});

test('nothing below U+0020 except \\n survives keepNewlines', () => {
  let all = '';
  for (let i = 0; i < 0xa0; i++) all += String.fromCharCode(i);
  const out = sanitizeForTerminal(all, { keepNewlines: true });
  assert.equal(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(out), false);
});

test('many string introducers never ended are read in linear time', () => {
  const text = 'x\u009d'.repeat(100_000) + 'x\u001b]'.repeat(100_000);
  const started = performance.now();
  assert.equal(sanitizeForTerminal(text), 'x'.repeat(200_000));
  assert.ok(performance.now() - started < 1000, `took ${Math.round(performance.now() - started)} ms`);
});

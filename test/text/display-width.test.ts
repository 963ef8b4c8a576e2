import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  displayWidth,
  fitToWidth,
  padEndToWidth,
  truncateStartToWidth,
  truncateToWidth,
} from '../../src/text/display-width.js';
import stringWidth from 'string-width';

test('wide characters take two cells, combining marks none', () => {
  assert.equal(displayWidth('abc'), 3);
  assert.equal(displayWidth('李雷'), 4);
  assert.equal(displayWidth('Zoë Ångström'), 12);
  assert.equal(displayWidth('e\u0301'), 1);
  assert.equal(displayWidth('한국어'), 6);
});

test('emoji shown as emoji take two cells, as terminals draw them; a flag two, decomposed Hangul two', () => {
  for (const emoji of ['🚀', '✨', '✅', '☕', '⭐', '⚡', '🛒', '🫠', '😀'])
    assert.equal(displayWidth(emoji), 2, emoji);
  assert.equal(displayWidth('🇩🇪'), 2);
  assert.equal(displayWidth('\u1100\u1161\u11a8'), 2);
  assert.equal(displayWidth('a\u2060b\ufeff'), 2);
  assert.equal(fitToWidth('Shop ✨ News', 13), 'Shop ✨ News ');
});

test('padding counts cells, not code units', () => {
  assert.equal(padEndToWidth('李雷', 6), '李雷  ');
  assert.equal(padEndToWidth('Bob', 6), 'Bob   ');
  assert.equal(padEndToWidth('too long', 3), 'too long');
});

test('cutting to a width keeps whole characters and ends in …; fitting also pads', () => {
  assert.equal(truncateToWidth('short', 8), 'short');
  assert.equal(truncateToWidth('exactly8', 8), 'exactly8');
  assert.equal(truncateToWidth('a longer subject', 8), 'a longe…');
  assert.equal(truncateToWidth('李雷韩梅梅', 6), '李雷…');
  assert.equal(displayWidth(truncateToWidth('李雷韩梅梅', 6)), 5);
  assert.equal(fitToWidth('李雷韩梅梅', 6), '李雷… ');
  assert.equal(fitToWidth('Bob', 6), 'Bob   ');
});

test('cutting at the start keeps the end: a folder path keeps its last parts', () => {
  assert.equal(truncateStartToWidth('INBOX', 8), 'INBOX');
  assert.equal(truncateStartToWidth('Lists/debian/devel', 12), '…ebian/devel');
  assert.equal(truncateStartToWidth('Archiv/李雷韩梅梅', 6), '…梅梅');
  assert.equal(displayWidth(truncateStartToWidth('Archiv/李雷韩梅梅', 6)), 5);
});

// Ink lays out and cuts lines by string-width's count; a count below it lets Ink cut a row our
// columns filled (a subject's end, a pager line's last words) and shifts what follows.
const SAMPLES = [
  '❤️', // text-default emoji with VS16: drawn as emoji, two cells
  '☺️ ✌️ ⚠️',
  '1️⃣ #⃣', // keycaps, qualified and not
  '👨‍👩‍👧‍👦',
  '👍🏽',
  '🇩🇪🇯🇵',
  '🏴󠁧󠁢󠁥󠁮󠁧󠁿',
  '〈〉', // East Asian Wide outside the CJK blocks
  '𗀀𛀁', // Tangut, Kana Supplement
  'e\u0301 Zalgo t̷̢̛e̸͎͝',
];

test('never narrower than Ink counts (string-width)', () => {
  for (const text of SAMPLES) assert.ok(displayWidth(text) >= stringWidth(text), `${text}: ${displayWidth(text)}`);
  assert.equal(displayWidth('❤️'), 2);
  assert.equal(displayWidth('❤︎'), 1, 'a text selector keeps one cell');
});

test('cutting keeps whole clusters: no emoji, flag or accent split from its joiner, selector or pair', () => {
  assert.equal(truncateToWidth('ab👨‍👩‍👧‍👦cd', 6), 'ab…');
  assert.equal(truncateToWidth('a🇩🇪🇯🇵', 4), 'a🇩🇪…');
  assert.equal(truncateToWidth('abe\u0301\u0301fg', 4), 'abe\u0301\u0301…');
  assert.equal(truncateToWidth('a❤️❤️', 4), 'a❤️…');
  assert.equal(truncateStartToWidth('👨‍👩‍👧‍👦ab', 4), '…ab');
  assert.equal(truncateStartToWidth('a🇩🇪🇯🇵', 4), '…🇯🇵');
});

// The screenshot pipeline's converter: terminal colours and attributes become CSS, text is escaped,
// wide characters keep two cells.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applySgr, color256, DEFAULT_BG, DEFAULT_FG, rowToHtml, terminalPageHtml } from '../support/ansi-html.js';

const PLAIN = { bold: false, dim: false, italic: false, underline: false, inverse: false, strike: false };

test('SGR codes set and reset colours and attributes', () => {
  const red = applySgr(PLAIN, '1;31');
  assert.equal(red.bold, true);
  assert.equal(red.fg, color256(1));
  assert.equal(applySgr(red, '39').fg, undefined);
  assert.equal(applySgr(red, '22').bold, false);
  assert.deepEqual(applySgr(red, ''), PLAIN);
  assert.equal(applySgr(PLAIN, '38;5;196').fg, '#ff0000');
  assert.equal(applySgr(PLAIN, '48;2;1;2;3').bg, '#010203');
  assert.equal(applySgr(PLAIN, '97').fg, color256(15));
});

test('the 256-colour palette: cube and grey ramp', () => {
  assert.equal(color256(16), '#000000');
  assert.equal(color256(231), '#ffffff');
  assert.equal(color256(232), '#080808');
});

test('inverse swaps the default colours; text is escaped; style carries to the next row', () => {
  const row = rowToHtml('a\x1b[7m<b>&\x1b[27m c\x1b[32m');
  assert.equal(row.html, `a<span style="color:${DEFAULT_BG};background:${DEFAULT_FG}">&lt;b&gt;&amp;</span> c`);
  assert.equal(rowToHtml('ok', row.style).html, `<span style="color:${color256(2)}">ok</span>`);
});

test('other escape sequences are dropped; wide characters are boxed to two cells', () => {
  assert.equal(rowToHtml('x\x1b[2Ky').html, 'xy');
  assert.equal(rowToHtml('李').html, '<span class="wide">李</span>');
});

test('the page has every row, the terminal size and nothing executable', () => {
  const html = terminalPageHtml({ screen: 'one\ntwo', columns: 80, rows: 4, title: '<x>' });
  assert.match(html, /width: 80ch; height: 72px/);
  assert.match(html, /<pre>one\ntwo\n\n<\/pre>/);
  assert.match(html, /<title>&lt;x&gt;<\/title>/);
  assert.doesNotMatch(html, /<script/);
});

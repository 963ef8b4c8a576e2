// The bundle's edit to string-width (scripts/bundle-edits.js) answers as string-width itself does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import stringWidth from 'string-width';

const EDITS_URL = new URL('../../scripts/bundle-edits.js', import.meta.url).href;
const { ONE_COLUMN } = (await import(EDITS_URL)) as { ONE_COLUMN: RegExp };

const oneColumnCharacters = (): string[] => {
  const found: string[] = [];
  for (let code = 0; code < 0x10000; code++) {
    const character = String.fromCharCode(code);
    if (ONE_COLUMN.test(character)) found.push(character);
  }
  return found;
};

test('every character the fast path takes is one column wide to string-width, alone and between others', () => {
  const characters = oneColumnCharacters();
  assert.ok(characters.length > 1000);
  const wrong = characters.filter((c) => stringWidth(c) !== 1 || stringWidth(`a${c}b`) !== 3);
  assert.deepEqual(wrong, []);
});

test('strings of such characters are as wide as they are long', () => {
  const characters = oneColumnCharacters();
  for (let i = 0; i < 2000; i++) {
    const text = Array.from(
      { length: 1 + (i % 12) },
      (_, j) => characters[(i * 7919 + j * 104729) % characters.length],
    ).join('');
    assert.equal(stringWidth(text), text.length, JSON.stringify(text));
  }
});

test('the fast path leaves out what is not one column: combining marks, soft hyphens, wide and zero-width text', () => {
  for (const text of ['e\u0301', 'a\u00ADb', '李雷', 'a\u200Db', '✓', 'Ж\u0483'])
    assert.equal(ONE_COLUMN.test(text), false, text);
  assert.equal(ONE_COLUMN.test('Jürgen Müller, Мария Иванова, Ζωή'), true);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Key } from 'ink';
import { splitKeys } from '../../../src/ui/terminal/split-keys.js';

const none: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

const flags = (key: Key) =>
  Object.entries(key)
    .filter(([, on]) => on === true)
    .map(([name]) => name);
const shown = (input: string, key: Key = none) => splitKeys(input, key).map(([text, k]) => [text, flags(k)]);

test('one key stays as Ink gave it', () => {
  assert.deepEqual(shown('j'), [['j', []]]);
  assert.deepEqual(shown('', { ...none, upArrow: true }), [['', ['upArrow']]]);
  assert.deepEqual(shown('[A', { ...none, meta: true }), [['[A', ['meta']]], 'a meta sequence is never split');
});

test('a run of keys becomes one key per character, each with its own flags', () => {
  assert.deepEqual(shown('jjG'), [
    ['j', []],
    ['j', []],
    ['G', ['shift']],
  ]);
  assert.deepEqual(shown('ab\r'), [
    ['a', []],
    ['b', []],
    ['', ['return']],
  ]);
  assert.deepEqual(shown('\u007f\u007fx'), [
    ['', ['backspace']],
    ['', ['backspace']],
    ['x', []],
  ]);
  assert.deepEqual(shown('\t\u0003'), [
    ['', ['tab']],
    ['c', ['ctrl']],
  ]);
  assert.deepEqual(
    shown('Zü😀'),
    [
      ['Z', ['shift']],
      ['ü', []],
      ['😀', []],
    ],
    'by code point, not UTF-16 unit',
  );
});

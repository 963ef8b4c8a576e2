import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Key } from 'ink';
import { APP_KEYS, commandFor } from '../../../src/ui/keys/app-keys.js';
import { READER_KEYS, readerCommandFor } from '../../../src/ui/keys/reader-keys.js';

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

test('app keys map to commands, case-sensitively', () => {
  assert.equal(commandFor('g', none), 'resyncSelected');
  assert.equal(commandFor('G', { ...none, shift: true }), 'resyncAll');
  assert.equal(commandFor('j', none), 'down');
  assert.equal(commandFor('', { ...none, downArrow: true }), 'down');
  assert.equal(commandFor('', { ...none, tab: true }), 'switchView');
  assert.equal(commandFor('c', { ...none, ctrl: true }), 'interrupt');
  assert.equal(commandFor('c', none), undefined);
  assert.equal(commandFor('x', none), undefined);
});

test('reader keys: characters exactly, special keys whatever the modifiers', () => {
  const cases: [string, Partial<Key>, string | undefined][] = [
    ['j', {}, 'down'],
    ['', { downArrow: true }, 'down'],
    ['', { downArrow: true, ctrl: true }, 'down'],
    ['', { escape: true, meta: true }, 'back'],
    ['q', {}, 'leave'],
    ['q', { meta: true }, undefined],
    ['j', { ctrl: true }, undefined],
    [' ', {}, 'pageDown'],
    ['', { return: true }, 'open'],
    ['N', { shift: true }, 'searchPrev'],
    ['', { tab: true }, undefined],
    ['x', {}, undefined],
  ];
  for (const [input, flags, expected] of cases) {
    assert.equal(readerCommandFor(input, { ...none, ...flags }), expected, JSON.stringify([input, flags]));
  }
});

test('both tables: one binding per command, each with keys to show and a description', () => {
  for (const table of [APP_KEYS, READER_KEYS]) {
    const commands = table.map((b) => b.command);
    assert.equal(new Set(commands).size, commands.length);
    for (const b of table) assert.ok(b.keys && b.description && b.matches.length > 0, b.command);
  }
});

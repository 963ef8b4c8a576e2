import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Key } from 'ink';
import { commandFor } from '../../../src/ui/keys/app-keys.js';

const none: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false,
  home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false,
  backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false,
};

test('keys map to commands, case-sensitively', () => {
  assert.equal(commandFor('g', none), 'resyncSelected');
  assert.equal(commandFor('G', { ...none, shift: true }), 'resyncAll');
  assert.equal(commandFor('j', none), 'down');
  assert.equal(commandFor('', { ...none, downArrow: true }), 'down');
  assert.equal(commandFor('', { ...none, tab: true }), 'switchView');
  assert.equal(commandFor('c', { ...none, ctrl: true }), 'interrupt');
  assert.equal(commandFor('c', none), undefined);
  assert.equal(commandFor('x', none), undefined);
});

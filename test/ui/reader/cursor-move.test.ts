import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMove, moveTo, type MoveCommand } from '../../../src/ui/reader/cursor-move.js';

test('each movement from 5 of 0..9 with a page of 3', () => {
  const moves: [MoveCommand, number][] = [
    ['down', 6],
    ['up', 4],
    ['pageDown', 8],
    ['pageUp', 2],
    ['top', 0],
    ['bottom', 9],
  ];
  for (const [command, to] of moves) assert.equal(moveTo(command, 5, 9, 3), to, command);
});

test('kept within 0..last, and at 0 when there is nothing to move over', () => {
  assert.deepEqual(
    [moveTo('pageDown', 8, 9, 3), moveTo('pageUp', 1, 9, 3), moveTo('down', 9, 9, 3), moveTo('up', 0, 9, 3)],
    [9, 0, 9, 0],
  );
  assert.deepEqual([moveTo('down', 0, -1, 3), moveTo('bottom', 0, -1, 3)], [0, 0]);
});

test('only movement commands are moves', () => {
  assert.deepEqual(
    ['down', 'bottom', 'open', 'back', 'search'].map((c) => isMove(c as never)),
    [true, true, false, false, false],
  );
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  initialScroll,
  scrollTable,
  settleScroll,
  type ScrollState,
  type TableShape,
} from '../../../src/ui/sync/table-scroll.js';

/** One account header (line 0) and `n` mailbox rows (lines 1..n). */
function shape(n: number, active: number[], viewport = 10): TableShape {
  return {
    lineCount: n + 1,
    selectable: Array.from({ length: n }, (_, i) => i + 1),
    active,
    viewport,
  };
}

function visible(state: ScrollState, s: TableShape, line: number): boolean {
  return line >= state.offset && line < state.offset + s.viewport;
}

test('with nothing to select the state is empty', () => {
  assert.deepEqual(settleScroll(initialScroll, shape(0, [])), { selected: -1, offset: 0, follow: true });
});

test('following: the selection is the first active row and stays in view', () => {
  const s = shape(200, [150, 151]);
  const state = settleScroll(initialScroll, s);
  assert.equal(state.selected, 150);
  assert.ok(visible(state, s, 150) && visible(state, s, 151));
});

test('without active rows the first mailbox is selected and its header shown', () => {
  const state = settleScroll(initialScroll, shape(200, []));
  assert.equal(state.selected, 1);
  assert.equal(state.offset, 0);
});

test('moving stops following and keeps the selection in view at the edges', () => {
  const s = shape(200, []);
  let state = settleScroll(initialScroll, s);
  for (let i = 0; i < 15; i++) state = scrollTable(state, { type: 'move', by: 1 }, s);
  assert.equal(state.selected, 16);
  assert.equal(state.follow, false);
  assert.ok(visible(state, s, 16));
  state = scrollTable(state, { type: 'move', by: -100 }, s);
  assert.equal(state.selected, 1);
  assert.equal(state.offset, 0);
  state = scrollTable(state, { type: 'last' }, s);
  assert.equal(state.selected, 200);
  assert.equal(state.offset, 191);
  state = scrollTable(state, { type: 'first' }, s);
  assert.equal(state.selected, 1);
});

test('paging moves by a screen', () => {
  const s = shape(200, []);
  const state = scrollTable(settleScroll(initialScroll, s), { type: 'page', by: 1 }, s);
  assert.equal(state.selected, 10);
  assert.ok(visible(state, s, 10));
});

test('after the user moves, active rows are brought into view when they fit with the selection', () => {
  let s = shape(200, [3]);
  let state = scrollTable(settleScroll(initialScroll, s), { type: 'move', by: 1 }, s);
  assert.equal(state.selected, 4);
  s = shape(200, [9]);
  state = settleScroll(state, s);
  assert.equal(state.selected, 4, 'the user selection is kept');
  assert.ok(visible(state, s, 4) && visible(state, s, 9));
  s = shape(200, [120]);
  state = settleScroll(state, s);
  assert.ok(visible(state, s, 4), 'the selection wins when both do not fit');
});

test('follow resumes tracking the active row', () => {
  const s = shape(200, [80]);
  let state = scrollTable(settleScroll(initialScroll, s), { type: 'first' }, s);
  assert.equal(state.selected, 1);
  state = scrollTable(state, { type: 'follow' }, s);
  assert.equal(state.selected, 80);
  assert.ok(visible(state, s, 80));
});

test('a shrinking table clamps the selection and offset', () => {
  let state: ScrollState = { selected: 150, offset: 145, follow: false };
  const s = shape(5, []);
  state = settleScroll(state, s);
  assert.equal(state.selected, 5);
  assert.equal(state.offset, 0);
});

test('accounts with no mailboxes (a failed login) before the first or after the last mailbox come into view', () => {
  // Lines: 0 `down` (no mailboxes), 1 `wide`, 2..201 its mailboxes, 202 `badlogin`, 203 `silent`.
  const s: TableShape = {
    lineCount: 204,
    selectable: Array.from({ length: 200 }, (_, i) => i + 2),
    active: [],
    viewport: 10,
  };
  let state = scrollTable(settleScroll(initialScroll, s), { type: 'last' }, s);
  assert.equal(state.selected, 201);
  assert.ok(visible(state, s, 202) && visible(state, s, 203), `offset ${state.offset}`);
  state = scrollTable(state, { type: 'first' }, s);
  assert.equal(state.selected, 2);
  assert.equal(state.offset, 0);
  state = scrollTable(state, { type: 'move', by: 100 }, s);
  state = scrollTable(state, { type: 'move', by: -100 }, s);
  assert.equal(state.offset, 0);
});

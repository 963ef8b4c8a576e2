import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nearestTreeIndex, treeHolds } from '../../src/maildir/maildir-tree.js';

test('a tree holds what is below its directory, with a prefix only its prefixed entries', () => {
  const plain = { path: '/m' };
  assert.equal(treeHolds(plain, '/m'), true);
  assert.equal(treeHolds(plain, '/m/Work'), true);
  assert.equal(treeHolds(plain, '/m/..Sub'), true, "Maildir++'s INBOX child");
  assert.equal(treeHolds(plain, '/other'), false);
  assert.equal(treeHolds(plain, '/m/../other'), false);
  const prefixed = { path: '/m', folderPrefix: 'gmail-' };
  assert.equal(treeHolds(prefixed, '/m/gmail-Work/sub'), true);
  assert.equal(treeHolds(prefixed, '/m/work-Work'), false);
  assert.equal(treeHolds(prefixed, '/m/gmail-'), false);
  assert.equal(treeHolds(prefixed, '/m'), false);
});

test("a folder is the nearest tree's: the deepest directory, then the one with a prefix, then the first", () => {
  const outer = { path: '/m' };
  const inner = { path: '/m/team/' };
  const prefixed = { path: '/m', folderPrefix: 'gmail-' };
  assert.equal(nearestTreeIndex([outer, inner], '/m/team/Sent'), 1);
  assert.equal(nearestTreeIndex([inner, outer], '/m/team/Sent'), 0);
  assert.equal(nearestTreeIndex([inner, outer], '/m/teams/Sent'), 1, 'a longer name is no deeper directory');
  assert.equal(nearestTreeIndex([outer, prefixed], '/m/gmail-Work'), 1);
  assert.equal(nearestTreeIndex([prefixed, outer], '/m/gmail-Work'), 0);
  assert.equal(nearestTreeIndex([outer, { path: '/m/' }], '/m/Work'), 0);
  assert.equal(nearestTreeIndex([inner, prefixed], '/other'), -1);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { treeHolds } from '../../src/maildir/maildir-tree.js';

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

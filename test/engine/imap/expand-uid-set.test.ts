import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandUidSet, uidSet } from '../../../src/engine/uid-set.js';

test('expandUidSet: numbers, ranges, reversed ranges, in the order given', () => {
  const cases: [string, number[]][] = [
    ['7', [7]],
    ['1:3,7', [1, 2, 3, 7]],
    ['9:7,2', [7, 8, 9, 2]],
    ['5:5', [5]],
    ['4294967294:4294967295', [4294967294, 4294967295]],
  ];
  for (const [set, uids] of cases) assert.deepEqual(expandUidSet(set, 100), uids, set);
  for (const uids of [[1], [1, 2, 3, 7, 9, 10], [3, 5, 6, 7, 100]])
    assert.deepEqual(expandUidSet(uidSet(uids), 100), uids);
});

test('expandUidSet: more UIDs than the limit are refused before they are built', () => {
  assert.deepEqual(expandUidSet('1:10', 10).length, 10);
  for (const set of ['1:11', '1:4294967295', '1:5,6:11', '1,2,3,4,5,6,7,8,9,10,11']) {
    assert.throws(() => expandUidSet(set, 10), /holds more than 10 UIDs/, set);
  }
});

test('expandUidSet: malformed sets are refused', () => {
  for (const set of ['', ',', '1,', ':3', '1:', '1:2:3', '*', '1:*', 'a', '-1', '1 2', '12345678901', '1;2']) {
    assert.throws(() => expandUidSet(set, 100), /malformed UID set/, JSON.stringify(set));
  }
});

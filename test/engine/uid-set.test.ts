import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uidSet } from '../../src/engine/uid-set.js';

test('uidSet: runs become ranges, in ascending order, duplicates dropped', () => {
  const cases: [number[], string][] = [
    [[], ''],
    [[5], '5'],
    [[1, 2, 3, 7, 9, 10], '1:3,7,9:10'],
    [[10, 9, 3, 1, 2, 7, 3], '1:3,7,9:10'],
    [[4, 6, 8], '4,6,8'],
    [[4294967294, 4294967295], '4294967294:4294967295'],
  ];
  for (const [uids, expected] of cases) assert.equal(uidSet(uids), expected, JSON.stringify(uids));
});

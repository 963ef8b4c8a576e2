import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inUidRanges, normalizeUidRanges, parseUidRanges, splitUidSet, uidSet } from '../../src/engine/uid-set.js';

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

test('parseUidRanges / normalizeUidRanges / inUidRanges: a VANISHED set as sorted ranges', () => {
  assert.deepEqual(parseUidRanges('5,1:3,9:7'), [
    [5, 5],
    [1, 3],
    [7, 9],
  ]);
  assert.throws(() => parseUidRanges('1:x'), /malformed/);
  assert.throws(() => parseUidRanges(''), /malformed/);
  const ranges = normalizeUidRanges([
    [9, 12],
    [1, 3],
    [4, 4],
    [11, 20],
    [30, 30],
  ]);
  assert.deepEqual(ranges, [
    [1, 4],
    [9, 20],
    [30, 30],
  ]);
  const inside = [1, 2, 4, 9, 15, 20, 30];
  const outside = [0, 5, 8, 21, 29, 31, 4294967295];
  for (const uid of inside) assert.equal(inUidRanges(ranges, uid), true, String(uid));
  for (const uid of outside) assert.equal(inUidRanges(ranges, uid), false, String(uid));
  assert.equal(inUidRanges([], 1), false);
});

test('splitUidSet: cut at commas into sets of at most the length, a range never split', () => {
  assert.deepEqual(splitUidSet('1:*', 5), ['1:*']);
  assert.deepEqual(splitUidSet('1,3,5,7', 3), ['1,3', '5,7']);
  assert.deepEqual(splitUidSet('1,3,5,7', 4), ['1,3', '5,7']);
  assert.deepEqual(splitUidSet('100:200,3', 4), ['100:200', '3']);
  const odd = uidSet(Array.from({ length: 5000 }, (_, i) => 2 * i + 1));
  const parts = splitUidSet(odd, 900);
  assert.ok(parts.every((p) => p.length <= 900));
  assert.equal(parts.join(','), odd);
});

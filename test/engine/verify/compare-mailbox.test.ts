// What verify finds without reading a message: missing UIDs, archive extras, damaged files, and
// which sizes must be checked by their bytes (a size the server was found to misreport is trusted).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareMailbox } from '../../../src/engine/verify/compare-mailbox.js';
import type { LocalCopy } from '../../../src/engine/verify/local-copies.js';

const copy = (uid: number, recordedSize: number | undefined, actualSize: number | undefined): LocalCopy => ({
  uid,
  path: `/m/cur/${uid}`,
  ...(recordedSize !== undefined ? { recordedSize } : {}),
  ...(actualSize !== undefined ? { actualSize } : {}),
});

test('missing, extra, damaged and size suspects; a known lie is trusted while it stays the same', () => {
  const local = new Map(
    [
      copy(1, 100, 100),
      copy(2, 100, 50),
      copy(3, 100, undefined),
      copy(4, 100, 100),
      copy(5, 120, 120),
      copy(9, 10, 10),
    ].map((c) => [c.uid, c]),
  );
  const server = [1, 2, 3, 4, 5, 6].map((uid) => ({ uid, size: uid === 4 ? 130 : uid === 5 ? 125 : 100 }));
  const found = compareMailbox(server, local, { 5: 125 });
  assert.deepEqual(found.missing, [6]);
  assert.deepEqual(
    found.extra.map((c) => c.uid),
    [9],
  );
  assert.deepEqual(
    found.damaged.map((c) => c.uid),
    [2, 3],
  );
  assert.deepEqual(
    found.paired.map((p) => p.copy.uid),
    [1, 4, 5],
  );
  assert.deepEqual([...found.sizeSuspects], [4], 'UID 5 announces the size recorded as its lie');
  assert.deepEqual([...compareMailbox(server, local, { 5: 124 }).sizeSuspects], [4, 5], 'a new lie is checked again');
});

test("another tool's file (no recorded size) is compared by its size now", () => {
  const found = compareMailbox([{ uid: 1, size: 10 }], new Map([[1, copy(1, undefined, 9)]]), {});
  assert.deepEqual(found.damaged, []);
  assert.deepEqual([...found.sizeSuspects], [1]);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  confirmedPairs,
  journalUids,
  MbsyncStateError,
  mbsyncStatePath,
  parseMaildirUidValidity,
  parseMbsyncState,
} from '../../src/maildir/mbsync-state.js';

// As isync 1.4.4 writes it (taken from a real run against the test Dovecot).
const CURRENT =
  'FarUidValidity 1795593811\nNearUidValidity 1795593805\nMaxPulledUid 31\nMaxPushedUid 30\n\n2 1 \n3 2 F\n16 15 RS\n';

test('the current header and far/near pairs', () => {
  const state = parseMbsyncState(CURRENT);
  assert.deepEqual(state, {
    farUidValidity: 1795593811,
    nearUidValidity: 1795593805,
    pairs: [
      { farUid: 2, nearUid: 1 },
      { farUid: 3, nearUid: 2 },
      { farUid: 16, nearUid: 15 },
    ],
    nearPlaceholders: [],
  });
});

test('pre-1.4 Master/Slave names and the pre-1.1 one-line header', () => {
  const older = parseMbsyncState(
    'MasterUidValidity 7\nSlaveUidValidity 9\nMaxPulledUid 3\nMaxPushedUid 0\nMaxExpiredMasterUid 1\n\n3 1 S\n',
  );
  assert.deepEqual([older.farUidValidity, older.nearUidValidity, older.pairs], [7, 9, [{ farUid: 3, nearUid: 1 }]]);
  const oldest = parseMbsyncState('7:3 9:0:1\n3 1 S\n');
  assert.deepEqual([oldest.farUidValidity, oldest.nearUidValidity, oldest.pairs], [7, 9, [{ farUid: 3, nearUid: 1 }]]);
});

test('placeholders, skipped messages and one-sided entries are not copies; near placeholders are named', () => {
  const state = parseMbsyncState(
    'FarUidValidity 1\nNearUidValidity 2\n\n1 1 >S\n2 2 <\n3 0 ^\n0 4 S\n5 5 ~S\n6 6 ^F\n7 0 >\n',
  );
  assert.deepEqual(state.pairs, [{ farUid: 5, nearUid: 5 }]);
  assert.deepEqual(state.nearPlaceholders, [{ farUid: 1, nearUid: 1 }]);
});

test('broken state files are refused with the line at fault', () => {
  for (const [text, line] of [
    ['FarUidValidity 1\nNearUidValidity 2\n\n1 x\n', 4],
    ['FarUidValidity 1\nBogus 2\n\n', 2],
    ['FarUidValidity 1\nNearUidValidity 2\n', 2],
    ['FarUidValidity 1\nNearUidValidity 2\n\n1 1', 4],
    ['MaxPulledUid 3\n\n1 1 S\n', 2],
  ] as const) {
    assert.throws(
      () => parseMbsyncState(text),
      (error: unknown) => error instanceof MbsyncStateError && error.line === line,
      text,
    );
  }
});

test('pairs named by a journal are unconfirmed', () => {
  const state = parseMbsyncState('FarUidValidity 1\nNearUidValidity 2\n\n1 1 S\n2 2 S\n3 3 S\n4 4 S\n');
  const journal = journalUids('5\nN 0 9\n| 1 2\n+ 5 0\n> 5 0 7\n* 2 2 8\n# 3 0 AbCdEfGhIjKl\n');
  assert.deepEqual(journal, { far: new Set([5, 2, 3]), near: new Set([0, 7, 2]) });
  assert.deepEqual(
    [...confirmedPairs(state.pairs, journal)],
    [
      [1, 1],
      [4, 4],
    ],
  );
  assert.deepEqual(
    [...confirmedPairs(state.pairs)],
    [
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ],
  );
});

test('the .uidvalidity file of an mbsync Maildir', () => {
  assert.equal(parseMaildirUidValidity('1795593805\n30\n'), 1795593805);
  assert.equal(parseMaildirUidValidity(''), null);
  assert.equal(parseMaildirUidValidity('garbage\n'), null);
});

test('where mbsync keeps the state of a mailbox', () => {
  assert.equal(
    mbsyncStatePath({ kind: 'in-maildir' }, '/m/Archive/2024', 'Archive/2024', 'Archive/2024'),
    '/m/Archive/2024/.mbsyncstate',
  );
  assert.equal(
    mbsyncStatePath({ kind: 'channel', prefix: '/h/.state/' }, '/m/x', 'Archive/2024', 'Archive/2024'),
    '/h/.state/Archive!2024',
  );
  assert.equal(
    mbsyncStatePath(
      { kind: 'global', prefix: '/h/.mbsync/', farStore: 'test-remote', nearStore: 'test-local' },
      '/m/x',
      'Archive/Z&APw-rich',
      'Archive/Z&APw-rich',
    ),
    '/h/.mbsync/:test-remote:Archive!Z&APw-rich_:test-local:Archive!Z&APw-rich',
  );
  // FieldDelimiter ';' (isync 1.4 and 1.5 prepare_state: `"%s%c%s%c%s_%c%s%c%s"`, c = FieldDelimiter).
  assert.equal(
    mbsyncStatePath(
      { kind: 'global', prefix: '/h/.mbsync/', farStore: 'r', nearStore: 'l', delimiter: ';' },
      '/m/x',
      'Archive/2024',
      'Archive/2024',
    ),
    '/h/.mbsync/;r;Archive!2024_;l;Archive!2024',
  );
});

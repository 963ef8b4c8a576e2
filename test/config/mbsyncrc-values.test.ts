import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseBool,
  parseMinTlsVersion,
  parseSides,
  parseSize,
  parseSyncOps,
} from '../../src/config/mbsyncrc-values.js';

const cells = (args: string[]) => {
  const ops = parseSyncOps(args);
  return [[...ops.pull].sort().join(','), [...ops.push].sort().join(',')];
};
const ALL = 'delete,flags,new,renew';

const syncCases: [string[], string[]][] = [
  [['All'], [ALL, ALL]],
  [['Full'], [ALL, ALL]],
  [['None'], ['', '']],
  [['Pull'], [ALL, '']],
  [['Push'], ['', ALL]],
  [
    ['New', 'Delete'],
    ['delete,new', 'delete,new'],
  ],
  [
    ['Pull', 'New', 'Flags'],
    ['flags,new', ''],
  ],
  [
    ['PullNew', 'PullDelete', 'Push'],
    ['delete,new', ALL],
  ],
  [
    ['pullnew', 'Flags'],
    ['flags,new', 'flags'],
  ],
  [['ReNew'], ['renew', 'renew']],
  // mbsync 1.5's names for Delete and ReNew, and its Old.
  [
    ['PullGone', 'PullNew', 'PullUpgrade'],
    ['delete,new,renew', ''],
  ],
  [
    ['Pull', 'Old', 'Gone'],
    ['delete,old', ''],
  ],
  // isync 1.5's man page: PullFull, and Old beside Upgrade (two types, config.c getopt_helper).
  [['PullFull'], [`${ALL.replace('new', 'new,old')}`, '']],
  [
    ['PullNew', 'PullOld', 'PullUpgrade', 'PushFlags'],
    ['new,old,renew', 'flags'],
  ],
];
for (const [args, expected] of syncCases) {
  test(`Sync ${args.join(' ')}`, () => assert.deepEqual(cells(args), expected));
}

test('Sync as mbsync merges it: a compound given twice is one cell, All is both directions', () => {
  assert.deepEqual(cells(['PullNew', 'PullNew', 'PullDelete']), ['delete,new', '']);
  assert.deepEqual(cells(['All', 'New']), ['new', 'new']);
  assert.throws(() => parseSyncOps(['All', 'PullNew']), /pull new twice/);
});

test('Create/Remove/Expunge add up their values; Both beside Far or Near conflicts', () => {
  assert.deepEqual(
    [parseSides(['Far', 'Near']), parseSides(['None', 'Slave']), parseSides(['Near', 'Near'])],
    ['both', 'near', 'near'],
  );
  assert.throws(() => parseSides(['Both', 'Near']), /Both conflicts with Far or Near/);
});

test('Sync rejects a cell asserted twice and unknown words', () => {
  assert.throws(() => parseSyncOps(['PullNew', 'Pull']), /pull new twice/);
  assert.throws(() => parseSyncOps(['PullNew', 'New']), /pull new twice/);
  assert.throws(() => parseSyncOps(['Sideways']), /invalid Sync value 'Sideways'/);
});

test('values: booleans, sizes, sides, TLS versions', () => {
  assert.deepEqual(['yes', 'On', 'true', '1', 'no', 'OFF', 'false', '0'].map(parseBool), [
    true,
    true,
    true,
    true,
    false,
    false,
    false,
    false,
  ]);
  assert.throws(() => parseBool('maybe'), /invalid boolean/);
  assert.deepEqual(['100', '100b', '2k', '3MB', '0'].map(parseSize), [100, 100, 2048, 3 * 1024 * 1024, null]);
  assert.deepEqual(
    ['None', 'Far', 'master', 'Near', 'SLAVE', 'Both'].map((side) => parseSides([side])),
    ['none', 'far', 'far', 'near', 'near', 'both'],
  );
  assert.deepEqual(parseMinTlsVersion(['TLSv1.3']), { min: 'TLSv1.3', unsupported: [] });
  assert.deepEqual(parseMinTlsVersion(['+SSLv3']), { min: 'TLSv1', unsupported: ['SSLv3'] });
  // mbsync 1.5's TLSVersions numbers them.
  assert.deepEqual(parseMinTlsVersion(['1.3']), { min: 'TLSv1.3', unsupported: [] });
  assert.deepEqual(parseMinTlsVersion(['-1.0', '-1.1']), { min: 'TLSv1.2', unsupported: [] });
  assert.deepEqual(parseMinTlsVersion(['1.2', '+1.3']).min, 'TLSv1.2');
});
